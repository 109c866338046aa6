from rest_framework.routers import SimpleRouter

from webhooks.api import views

router = SimpleRouter()
router.register("webhooks", views.WebhookEndpointViewSet, basename="webhook")
router.register("webhook-deliveries", views.WebhookDeliveryViewSet, basename="webhook-delivery")
urlpatterns = router.urls
