"""/roles/: open roles the visitor may see, through the role list's one FilterSet."""

from __future__ import annotations

from django.shortcuts import render

from crowddo.paging import BoundedPaginator
from roles import selectors

PER_PAGE = 12


def active_filters(filters, query) -> list[tuple[str, str, str]]:
    """(address without it, label, value shown) of each filter in use: a removable chip."""
    form = filters.form
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        return []
    chips = []
    for name, value in form.cleaned_data.items():
        if name == "sort" or value in (None, "", False) or name in form.errors:
            continue
        field = form.fields[name]
        shown = dict(field.choices).get(value, value) if hasattr(field, "choices") \
            and not hasattr(value, "pk") else value
        rest = query.copy()
        for key in (name, "page"):
            rest.pop(key, None)
        chips.append(("?" + rest.urlencode(), str(field.label),
                      "" if value is True else str(shown)))
    return chips


def role_list(request):
    filters = selectors.role_list(request.user, request.GET)
    page = BoundedPaginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    template = "roles/list.html#results" if request.htmx else "roles/list.html"
    return render(request, template, {"form": filters.form, "filters": filters, "page": page,
                                      "chips": active_filters(filters, request.GET)})
