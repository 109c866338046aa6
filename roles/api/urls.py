from rest_framework.routers import SimpleRouter

from roles.api import views

router = SimpleRouter()
router.register("roles", views.RoleViewSet, basename="role")
# An organization's own rows (its key only)
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("contributions", views.ContributionViewSet, basename="contribution")
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("initiative-proposals", views.InitiativeProposalViewSet,
                basename="initiative-proposal")
urlpatterns = router.urls
