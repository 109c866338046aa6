from django.contrib import admin
from django.urls import include, path

from crowddo.health import healthz
from initiatives import views as initiative_views

urlpatterns = [
    path("", initiative_views.home, name="home"),
    path("initiatives/<slug:slug>/", initiative_views.initiative_detail, name="initiative"),
    path("healthz/", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Volunteer area (issue 4): roles, my roles, proposals, profile.
    path("", include("roles.urls")),
    path("", include("people.urls")),
]
