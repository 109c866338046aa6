"""Governance pages of a collective (issue 11), included from crowddo/urls.py."""

from django.urls import path

from initiatives import views_governance as views
from initiatives import views_outcomes

urlpatterns = [
    path("initiatives/<slug:slug>/close/", views_outcomes.initiative_close,
         name="initiative_close"),
    path("collectives/<slug:slug>/charter/", views.charter, name="collective-charter"),
    path("collectives/<slug:slug>/coverage/", views.coverage, name="collective-coverage"),
    path("collectives/<slug:slug>/accountability/", views.accountability,
         name="collective-accountability"),
    path("collectives/<slug:slug>/stories/", views.stories, name="collective-stories"),
    path("collectives/<slug:slug>/stories/<int:pk>/image/", views.story_image,
         name="collective-story-image"),
]
