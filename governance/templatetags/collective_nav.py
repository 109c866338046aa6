"""{% collective_nav collective "page" %}: a collective's tabs, only those the viewer may open."""

from django import template

from initiatives import access

register = template.Library()


@register.inclusion_tag("governance/_nav.html", takes_context=True)
def collective_nav(context, collective, page: str):
    user = context["request"].user
    return {
        "collective": collective, "page": page, "error": context.get("error"),
        # Every tab but the charter needs the collective in full (an invited organization
        # reads only the charter): the other pages were checked already, no query there.
        "full": page != "charter"
        or access.visible_collectives(user).filter(pk=collective.pk).exists(),
        "accountability": access.may_see_accountability(user, collective),
    }
