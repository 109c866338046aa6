from django.urls import path
from rest_framework.routers import SimpleRouter

from dashboards.api import indicators, stats

router = SimpleRouter()
router.register("stats/initiatives", stats.InitiativeStatsViewSet, basename="stats-initiative")
router.register("stats/collectives", stats.CollectiveStatsViewSet, basename="stats-collective")
router.register("stats/organizations", stats.OrganizationStatsViewSet,
                basename="stats-organization")
router.register("stats/regions", stats.RegionStatsViewSet, basename="stats-region")
router.register("leadership", stats.LeadershipViewSet, basename="leadership")
# Daily series of one scope, and of a collective's regions (from the roll-up tables)
SCOPE = r"(?P<slug>[^/.]+)"
router.register(rf"stats/initiatives/{SCOPE}/series", stats.InitiativeSeriesViewSet,
                basename="stats-initiative-series")
router.register(rf"stats/organizations/{SCOPE}/series", stats.OrganizationSeriesViewSet,
                basename="stats-organization-series")
router.register(rf"stats/collectives/{SCOPE}/series", stats.CollectiveSeriesViewSet,
                basename="stats-collective-series")
router.register("stats/regions/series", stats.RegionSeriesViewSet,
                basename="stats-region-series")

urlpatterns = [
    path("collectives/<slug:slug>/indicators/", indicators.IndicatorList.as_view(),
         name="api-collective-indicators"),
    *router.urls,
]
