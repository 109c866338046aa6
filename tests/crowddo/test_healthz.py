import pytest
from django.test import override_settings

from crowddo import health
from crowddo.celery import app


def test_healthz_is_ok_with_the_embedded_default(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["broker"]["status"].startswith("eager")


@pytest.fixture
def broker_at():
    old = app.conf.broker_url

    def point(url):
        app.conf.broker_url = url

    yield point
    app.conf.broker_url = old


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_healthz_says_degraded_not_503_when_the_broker_is_down(client, db, broker_at):
    """Only Redis is down: the site still serves, so a load balancer must keep the node."""
    broker_at("redis://127.0.0.1:1/0")  # nothing listens on port 1
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "ok"


def test_healthz_says_503_when_the_database_is_down(client, db, monkeypatch):
    def database_down():
        raise OSError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", database_down)
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["failing"] == ["database"]


@pytest.mark.redis
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_healthz_is_ok_with_a_real_redis_broker(client, db, broker_at):
    import os

    broker_at(os.environ["CROWDDO_TEST_REDIS_URL"])
    response = client.get("/healthz/")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["broker"]["status"] == "ok"
