"""Governance pages of a collective, included from crowddo/urls.py."""

from django.urls import path

from governance import views

urlpatterns = [
    path("collectives/<slug:slug>/charter/", views.charter, name="collective-charter"),
    path("collectives/<slug:slug>/coverage/", views.coverage, name="collective-coverage"),
    path("collectives/<slug:slug>/accountability/", views.accountability,
         name="collective-accountability"),
    path("collectives/<slug:slug>/stories/", views.stories, name="collective-stories"),
    path("collectives/<slug:slug>/stories/<int:pk>/image/", views.story_image,
         name="collective-story-image"),
]
