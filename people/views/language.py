"""The language switcher: Django's own view, and for a signed-in person the stored choice
their e-mails follow (people.mail)."""

from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language

from people import services


def _csrf_passed(request) -> bool:
    """The switcher is CSRF-exempt (anonymous pages come from the page cache without a token),
    so a forged post may change the page's language cookie. The stored choice changes only
    with the token signed-in pages carry."""
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


@csrf_exempt
def set_language(request):
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated and _csrf_passed(request):
        services.language_remember(user=request.user, code=request.POST.get("language"))
    return response
