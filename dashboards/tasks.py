from celery import shared_task

from dashboards import services


@shared_task(acks_late=True)
def rollup_initiative(initiative_id: int) -> None:
    services.rollup_initiative(initiative_id=initiative_id)


@shared_task(acks_late=True)
def rollup_all() -> None:
    services.rollup_everything()
