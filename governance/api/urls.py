"""Open data on how a collective governs itself, under /api/v1/collectives/<slug>/."""

from django.urls import path

from governance.api.views import CharterView, CommitmentList, CoverageView, FeaturedStoryList

COLLECTIVE = "collectives/<slug:slug>/"
urlpatterns = [
    path(f"{COLLECTIVE}charter/", CharterView.as_view(), name="api-collective-charter"),
    path(f"{COLLECTIVE}commitments/", CommitmentList.as_view(), name="api-collective-commitments"),
    path(f"{COLLECTIVE}coverage/", CoverageView.as_view(), name="api-collective-coverage"),
    path(f"{COLLECTIVE}stories/", FeaturedStoryList.as_view(), name="api-collective-stories"),
]
