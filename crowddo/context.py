from django.conf import settings


def site(request):
    return {"SITE_NAME": "CrowdDo", "DEBUG": settings.DEBUG}
