"""/api/v1/: the partner REST API (see the README, "Partner API")."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from crowddo.api import schema  # noqa: F401  (registers the Bearer key scheme for OpenAPI)
from dashboards import api as dashboards_api
from dashboards import api_indicators
from initiatives import api as initiatives_api
from people import api as people_api
from roles import api as roles_api
from webhooks import api as webhooks_api


@csrf_exempt  # a 404 either way; CSRF would turn writes into an HTML 403 page
def not_found(request, *args, **kwargs) -> JsonResponse:
    """Anything else under /api/v1/ answers a JSON 404, like the endpoints themselves."""
    return JsonResponse({"error": "not_found", "status_code": 404,
                         "message": "No such API endpoint. See /api/v1/docs/."}, status=404)


router = DefaultRouter()
router.include_format_suffixes = False  # `?format=csv` instead: a dot in a slug stays a slug
# Open data
router.register("organizations", people_api.OrganizationViewSet, basename="organization")
router.register("initiatives", initiatives_api.InitiativeViewSet, basename="initiative")
router.register("roles", roles_api.RoleViewSet, basename="role")
router.register("collectives", initiatives_api.CollectiveViewSet, basename="collective")
router.register("regions", initiatives_api.RegionViewSet, basename="region")
router.register("decisions", initiatives_api.DecisionViewSet, basename="decision")
router.register("stats/initiatives", dashboards_api.InitiativeStatsViewSet,
                basename="stats-initiative")
router.register("stats/collectives", dashboards_api.CollectiveStatsViewSet,
                basename="stats-collective")
router.register("stats/organizations", dashboards_api.OrganizationStatsViewSet,
                basename="stats-organization")
router.register("stats/regions", dashboards_api.RegionStatsViewSet, basename="stats-region")
router.register("leadership", dashboards_api.LeadershipViewSet, basename="leadership")
# Daily series of one scope, and of a collective's regions (from the roll-up tables)
SCOPE = r"(?P<slug>[^/.]+)"
router.register(rf"stats/initiatives/{SCOPE}/series", dashboards_api.InitiativeSeriesViewSet,
                basename="stats-initiative-series")
router.register(rf"stats/organizations/{SCOPE}/series",
                dashboards_api.OrganizationSeriesViewSet, basename="stats-organization-series")
router.register(rf"stats/collectives/{SCOPE}/series", dashboards_api.CollectiveSeriesViewSet,
                basename="stats-collective-series")
router.register("stats/regions/series", dashboards_api.RegionSeriesViewSet,
                basename="stats-region-series")
# An organization's own rows (its key only)
router.register("claims", roles_api.ClaimViewSet, basename="claim")
router.register("contributions", roles_api.ContributionViewSet, basename="contribution")
router.register("proposals", roles_api.ProposalViewSet, basename="proposal")
router.register("webhooks", webhooks_api.WebhookEndpointViewSet, basename="webhook")
router.register("webhook-deliveries", webhooks_api.WebhookDeliveryViewSet,
                basename="webhook-delivery")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Governance open data of a collective: charter, commitments, coverage, featured stories
    path("collectives/<slug:slug>/indicators/", api_indicators.IndicatorList.as_view(),
         name="api-collective-indicators"),
    path("collectives/<slug:slug>/", include("initiatives.api_governance")),
    path("", include(router.urls)),
    re_path(r"", not_found),  # matches whatever is left
]
