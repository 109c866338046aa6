from django.urls import path

from initiatives.views import close, page, resources

# The home page lives in dashboards (it shows the collectives' figures).
urlpatterns = [
    path("initiatives/<slug:slug>/close/", close.initiative_close, name="initiative_close"),
    path("initiatives/<slug:slug>/", page.initiative_detail, name="initiative"),
    path("resources/<int:pk>/download/", resources.resource_download, name="resource_download"),
]
