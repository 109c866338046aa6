"""Test-only URLs: the governance API mounted where the lead will mount it."""

from django.urls import include, path

urlpatterns = [
    path("api/v1/collectives/<slug:slug>/", include("initiatives.api_governance")),
    path("", include("crowddo.urls")),
]
