from django.urls import path

from people.admin.tenancy import view_on_site

urlpatterns = [
    path("r/<int:content_type_id>/<path:object_id>/", view_on_site),
]
