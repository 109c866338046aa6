"""The root URLconf: each app's pages, the admin, accounts and the API, included by dotted path
(the project package imports no app)."""

from django.contrib import admin
from django.urls import include, path

from crowddo.api import handlers
from crowddo.health import favicon, healthz

# Under /api/ Django's own errors are JSON in the API's format; elsewhere the site's pages.
handler400 = handlers.bad_request
handler403 = handlers.permission_denied
handler404 = handlers.page_not_found
handler500 = handlers.server_error

urlpatterns = [
    path("favicon.ico", favicon),
    path("healthz/", healthz, name="healthz"),
    path("", include("initiatives.urls")),  # home, initiatives
    path("", include("governance.urls")),  # /collectives/<slug>/charter/, coverage, stories…
    path("", include("dashboards.urls")),  # collective dashboards, reports, org dashboards
    path("accounts/", include("allauth.urls")),
    path("admin/", include("people.admin.urls")),  # scoped "view on site"; before the admin
    path("admin/", admin.site.urls),
    path("api/v1/", include("crowddo.api.urls")),  # partner API
    path("", include("roles.urls")),  # volunteer area: roles, /me/, proposals
    path("", include("people.urls")),  # profile, my data, delete my account, /i18n/setlang/
]
