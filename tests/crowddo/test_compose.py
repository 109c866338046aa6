"""No Docker engine runs here, so the compose file is checked as data."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_web_worker_beat_postgres_and_redis():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    assert "gunicorn crowddo.wsgi" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A crowddo worker")
    assert "beat" in services["beat"]["command"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        for variable in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS",
                         "EMAIL_URL"):
            assert variable in env, f"{name} lacks {variable}"
        assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env[
            "DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert set(services[name]["depends_on"]) == {"postgres", "redis"}
    assert (ROOT / "Dockerfile").exists()
