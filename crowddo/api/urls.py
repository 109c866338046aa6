"""/api/v1/: the partner REST API (see the README, "Partner API").

Each app declares its endpoints in `<app>/api/urls.py`; this URLconf only includes them (by
dotted path: the project package imports no app) and adds the schema, the docs, the root
listing and a JSON 404 for everything else.
"""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from crowddo.api import schema  # noqa: F401  (registers the Bearer key scheme for OpenAPI)
from crowddo.api.views import ApiRoot, csv_list

# Order matters where paths overlap: the collective's sub-resources before its detail route.
APP_API_URLCONFS = [
    "dashboards.api.urls",
    "governance.api.urls",
    "people.api.urls",
    "initiatives.api.urls",
    "roles.api.urls",
    "webhooks.api.urls",
]


@csrf_exempt  # a 404 either way; CSRF would turn writes into an HTML 403 page
def not_found(request, *args, **kwargs) -> JsonResponse:
    """Anything else under /api/v1/ answers a JSON 404, like the endpoints themselves."""
    return JsonResponse({"error": "not_found", "status_code": 404,
                         "message": gettext("No such API endpoint. See /api/v1/docs/.")},
                        status=404)


urlpatterns = [
    path("", ApiRoot.as_view(), name="api-root"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("csv/<path:rest>", csv_list, name="api-csv"),
    *(path("", include(urlconf)) for urlconf in APP_API_URLCONFS),
    re_path(r"", not_found),  # matches whatever is left
]
