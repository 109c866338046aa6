from django.urls import path

from roles import feedback_views, views, views_rotation

urlpatterns = [
    path("roles/", views.role_list, name="role_list"),
    path("roles/<int:pk>/", views.role_detail, name="role_detail"),
    path("roles/<int:pk>/claim/", views.role_claim, name="role_claim"),
    path("roles/<int:pk>/waitlist/", views.waitlist_join, name="waitlist_join"),
    path("roles/<int:pk>/apprentice/", views.role_apprentice, name="role_apprentice"),
    path("me/", views.my_roles, name="my_roles"),
    path("me/claims/<int:pk>/log/", views.contribution_log, name="contribution_log"),
    path("me/claims/<int:pk>/release/", views.claim_release, name="claim_release"),
    path("me/claims/<int:pk>/complete/", views.claim_complete, name="claim_complete"),
    path("me/claims/<int:pk>/renew-term/", views_rotation.claim_renew_term,
         name="claim_renew_term"),
    path("me/claims/<int:pk>/hand-over/", views_rotation.claim_hand_over,
         name="claim_hand_over"),
    path("claims/renew/<str:token>/", views_rotation.renew_link, name="renew_link"),
    path("me/waitlist/<int:pk>/accept/", views.waitlist_accept, name="waitlist_accept"),
    path("me/waitlist/<int:pk>/leave/", views.waitlist_leave, name="waitlist_leave"),
    path("me/verify/claims/<int:pk>/", views.claim_verify, name="claim_verify"),
    path("me/verify/contributions/<int:pk>/", views.contribution_verify,
         name="contribution_verify"),
    path("me/verify/contributions/<int:pk>/send-back/", feedback_views.contribution_send_back,
         name="contribution_send_back"),
    path("me/contributions/<int:pk>/resubmit/", feedback_views.contribution_resubmit,
         name="contribution_resubmit"),
    path("initiatives/<slug:slug>/propose/", views.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/accept/", views.proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/decline/", views.proposal_decline, name="proposal_decline"),
]
