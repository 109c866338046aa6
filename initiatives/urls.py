from django.urls import path

from initiatives import views, views_outcomes

urlpatterns = [
    path("", views.home, name="home"),
    path("initiatives/<slug:slug>/close/", views_outcomes.initiative_close,
         name="initiative_close"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative"),
]
