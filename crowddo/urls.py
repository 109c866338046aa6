from django.contrib import admin
from django.urls import include, path

from crowddo.health import healthz
from initiatives import views as initiative_views
from people import views_privacy  # hardening: a person's own data

urlpatterns = [
    path("", initiative_views.home, name="home"),
    path("initiatives/<slug:slug>/", initiative_views.initiative_detail, name="initiative"),
    path("healthz/", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # --- hardening: privacy (download my data, delete my account)
    path("me/data/", views_privacy.privacy_export_view, name="privacy_export"),
    path("me/delete/", views_privacy.privacy_delete_view, name="privacy_delete"),
]
