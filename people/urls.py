from django.urls import path

from people.views import invitations, language, privacy, profile

urlpatterns = [
    # The language switcher (Django's view; a signed-in person's choice is stored too).
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("me/profile/", profile.profile, name="profile"),
    path("me/data/", privacy.privacy_export_view, name="privacy_export"),
    path("me/delete/", privacy.privacy_delete_view, name="privacy_delete"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("messages/stop/<str:token>/", profile.messages_stop, name="messages_stop"),
]
