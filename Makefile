# BreakingEven: `make run` for a local site with demo content, `make test` for the checks.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
UV := python3 -m uv
RUN := $(UV) run --frozen
MANAGE := $(RUN) python manage.py

.PHONY: install run test serve worker migrate demo bench-newsletter

install:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

run: export DEBUG ?= true
run: demo
	@echo
	@echo "  BreakingEven is starting at http://127.0.0.1:8000/"
	@echo "  Admin: http://127.0.0.1:8000/admin/  user: editor  password: breakingeven-demo"
	@echo
	$(MANAGE) runserver 127.0.0.1:8000

# Tests run with DEBUG off, like production; they need a key, but not a secret one.
test: export SECRET_KEY ?= tests-only-secret-key
test: install
	$(RUN) ruff check .
	$(RUN) pytest

serve: install
	$(MANAGE) check --deploy --fail-level ERROR
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput
	$(RUN) gunicorn --config gunicorn.conf.py breakingeven.wsgi

# A worker that was killed may have left an issue half sent: queue it again before starting.
worker: install
	$(MANAGE) resume_sending
	$(MANAGE) db_worker

# One issue to 10,000 throwaway subscribers through a local SMTP sink, with one worker; prints
# deliveries per second and deletes what it created. Set DATABASE_URL to measure on PostgreSQL;
# never point it at the production database.
bench-newsletter: export SECRET_KEY ?= bench-only-secret-key
bench-newsletter: install
	$(MANAGE) migrate --noinput
	$(MANAGE) bench_newsletter
