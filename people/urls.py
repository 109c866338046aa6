from django.urls import path

from people import views

urlpatterns = [
    path("me/profile/", views.profile, name="profile"),
]
