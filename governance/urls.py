"""Governance pages of a collective, included from crowddo/urls.py."""

from django.urls import path

from governance.views import accountability, charter, coverage, stories

urlpatterns = [
    path("collectives/<slug:slug>/charter/", charter.charter, name="collective-charter"),
    path("collectives/<slug:slug>/coverage/", coverage.coverage, name="collective-coverage"),
    path("collectives/<slug:slug>/accountability/", accountability.accountability,
         name="collective-accountability"),
    path("collectives/<slug:slug>/stories/", stories.stories, name="collective-stories"),
    path("collectives/<slug:slug>/stories/<int:pk>/image/", stories.story_image,
         name="collective-story-image"),
]
