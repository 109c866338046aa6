from django.contrib import admin
from django.urls import include, path

from crowddo.admin_base import view_on_site
from crowddo.health import favicon, healthz
from initiatives import views as initiative_views
from people import views_privacy  # hardening: a person's own data

urlpatterns = [
    path("favicon.ico", favicon),
    path("", initiative_views.home, name="home"),
    path("", include("initiatives.urls")),  # governance (issue 11): /collectives/<slug>/…
    path("initiatives/<slug:slug>/", initiative_views.initiative_detail, name="initiative"),
    path("healthz/", healthz, name="healthz"),
    path("", include("dashboards.urls")),  # dashboards: collectives, reports, org dashboards
    path("accounts/", include("allauth.urls")),
    # admin (issue 5): the "view on site" redirect, scoped; must come before admin.site.urls
    path("admin/r/<int:content_type_id>/<path:object_id>/", view_on_site),
    path("admin/", admin.site.urls),
    path("api/v1/", include("crowddo.api.urls")),  # partner API
    # Volunteer area (issue 4): roles, my roles, proposals, profile.
    path("", include("roles.urls")),
    path("", include("people.urls")),
    # --- hardening: privacy (download my data, delete my account)
    path("me/data/", views_privacy.privacy_export_view, name="privacy_export"),
    path("me/delete/", views_privacy.privacy_delete_view, name="privacy_delete"),
]
