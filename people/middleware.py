"""A signed-in person's stored language (`User.language`) is the site's language in a browser
that has made no choice yet: a new device, a cleared cookie, the first page after signing in.

Django's own rule decides everything else: once the language cookie exists (the switcher sets
it, and so does this middleware the first time), `LocaleMiddleware` reads it and this does
nothing. Anonymous readers are never touched, so the page cache's keys stay as they are.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from people.mail import language_chosen


class StoredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        stored = ""
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and request.user.is_authenticated:
            stored = language_chosen(request.user.language)
            if stored:
                translation.activate(stored)
                request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if stored and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                stored,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
