from django.urls import path

from people import views, views_privacy

urlpatterns = [
    path("me/profile/", views.profile, name="profile"),
    path("me/data/", views_privacy.privacy_export_view, name="privacy_export"),
    path("me/delete/", views_privacy.privacy_delete_view, name="privacy_delete"),
]
