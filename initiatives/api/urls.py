from rest_framework.routers import SimpleRouter

from initiatives.api import views

router = SimpleRouter()
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("collectives", views.CollectiveViewSet, basename="collective")
router.register("regions", views.RegionViewSet, basename="region")
router.register("decisions", views.DecisionViewSet, basename="decision")
urlpatterns = router.urls
