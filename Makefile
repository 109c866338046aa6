# CrowdDo — every command a developer or CI needs. `make help` lists them.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Tests use the real local services unless told otherwise.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL    ?= redis://127.0.0.1:6379/15
# make test runs pytest on this many pytest-xdist workers ("auto": one per CPU, at most 4);
# TEST_WORKERS=0 runs the suite serially in one process (README, Tests).
TEST_WORKERS      ?= auto
XDIST_ARGS        := -n $(TEST_WORKERS) --maxprocesses=4 --dist load --maxschedchunk=4

.PHONY: help venv install run serve migrate seed test lint importlint test-api bench bench-small soak lock worker beat clean

help:
	@echo "make run        set up (venv, install, migrate, demo data) and serve on http://$(HOST):$(PORT)"
	@echo "make test       install test tools, run ruff, import contracts and the whole pytest suite"
	@echo "make test-api   schemathesis against the OpenAPI schema"
	@echo "make bench      benchmarks on PostgreSQL + Redis (see README, Performance)"
	@echo "make bench-small  the same on the small CI preset (a smoke run, ~2 min)"
	@echo "make soak       10 minutes of mixed load with a worker and a Redis restart, then invariants"
	@echo "make worker / make beat   Celery worker / scheduler (needs REDIS_URL)"
	@echo "make lock       re-pin requirements.lock from pyproject.toml"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamp re-installs only when the lock changes.
$(VENV)/.installed: requirements.lock $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

venv: $(BIN)/activate
install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# The demo (DEMO_MODE: DEBUG off, the site's own error pages, a development key); e-mail
# links point at the address it serves (SITE_URL from HOST and PORT).
DEMO_ENV := DEMO_MODE=true SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}

run: install
	$(DEMO_ENV) $(PY) manage.py migrate --noinput -v 0
	$(DEMO_ENV) $(PY) manage.py seed_demo
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/pytest $(XDIST_ARGS) $(PYTEST_ARGS)

test-api: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/pytest tests/api -k schemathesis $(PYTEST_ARGS)

bench: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/crowddo_bench} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/14} $(PY) bench/run.py $(BENCH_ARGS)

bench-small:
	$(MAKE) bench BENCH_ARGS="--small $(BENCH_ARGS)"

# Needs PostgreSQL (database crowddo_bench_soak is recreated) and redis-server on the PATH;
# starts its own Redis on SOAK_REDIS_PORT (0: a port the OS reports free), never touches the
# machine's. Not part of `make test`.
SOAK_REDIS_PORT ?= 0
soak: install
	$(PY) bench/soak.py --redis-port $(SOAK_REDIS_PORT) $(SOAK_ARGS)

worker: install
	$(BIN)/celery -A crowddo worker --loglevel=info

beat: install
	$(BIN)/celery -A crowddo beat --loglevel=info --scheduler django_celery_beat.schedulers:DatabaseScheduler

# The project is not a package; install its declared dependencies, then freeze the whole tree.
lock: $(BIN)/activate
	$(PY) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
		print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > .lock-input.txt
	$(BIN)/pip install --quiet -r .lock-input.txt && rm .lock-input.txt
	$(BIN)/pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
