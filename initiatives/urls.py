from django.urls import path

from initiatives.views import close, home, page

urlpatterns = [
    path("", home.home, name="home"),
    path("initiatives/<slug:slug>/close/", close.initiative_close, name="initiative_close"),
    path("initiatives/<slug:slug>/", page.initiative_detail, name="initiative"),
]
