# BreakingEven: `make run` for a local site with demo content, `make test` for the checks
# (browser tests included: they need Debian's chromium and Java, see tests/browser/README.md),
# `make bench` for the load benchmark (BENCHMARKS.md).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
UV := python3 -m uv
RUN := $(UV) run --frozen
MANAGE := $(RUN) python manage.py

.PHONY: install run test test-browser lighthouse serve worker migrate demo bench bench-newsletter \
	bench-images bench-webhooks

install:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

# axe-core, the Nu HTML Checker and Lighthouse, from package-lock.json. No install scripts: the
# only one would download a Java runtime, and the machine's Java runs the checker.
node_modules: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch node_modules

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
test: install node_modules
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) pytest

# Only the browser tests (Playwright driving /usr/bin/chromium against the live server).
test-browser: export SECRET_KEY ?= tests-only-secret-key
test-browser: install node_modules
	$(RUN) pytest tests/browser

# Lighthouse's scores for the home page and an article of the demo site: a measurement, not a gate.
lighthouse: install node_modules
	$(RUN) python tests/browser/lighthouse.py

# Production on one host: Caddy (deploy/Caddyfile, from Debian's packages) on PUBLIC_ADDRESS
# serves uploaded pictures and passes the rest to gunicorn on GUNICORN_BIND (127.0.0.1:8001
# unless the environment or .env says otherwise); they stop together.
serve: install
	@command -v caddy >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get -o DPkg::Lock::Timeout=300 install -y -qq caddy; }
	$(MANAGE) check --deploy --fail-level ERROR
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput
	caddy run --config deploy/Caddyfile --adapter caddyfile $(if $(wildcard .env),--envfile .env) & \
		caddy=$$!; trap 'kill $$caddy' EXIT; \
		$(RUN) gunicorn --config gunicorn.conf.py breakingeven.wsgi

# A worker that was killed may have left an issue half sent: queue it again before starting.
worker: install
	$(MANAGE) resume_sending
	$(MANAGE) db_worker

# The load benchmark (bench/run.py): PostgreSQL database created if missing and seeded,
# gunicorn as `make serve` runs it, wrk against each page, one table and the budgets.
# Redis database 14 is the benchmark's cache and is flushed. BENCH_ARGS passes options, e.g.
# BENCH_ARGS="--seconds 20".
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/breakingeven_bench
bench: install
	@command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get -o DPkg::Lock::Timeout=300 install -y -qq wrk; }
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
		$(SUDO) pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql | head -n 1)" main start; \
		for _ in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || \
		redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	$(RUN) python -m bench.run $(BENCH_ARGS)

# One issue to 10,000 throwaway subscribers through a local SMTP sink, with one worker; prints
# deliveries per second and deletes what it created. Set DATABASE_URL to measure on PostgreSQL;
# never point it at the production database.
bench-newsletter: export SECRET_KEY ?= bench-only-secret-key
bench-newsletter: install
	$(MANAGE) migrate --noinput
	$(MANAGE) bench_newsletter --settings=bench.settings

# A bounce webhook of 100 events (bench/webhooks.py), five runs against DATABASE_URL.
bench-webhooks: export SECRET_KEY ?= bench-only-secret-key
bench-webhooks: install
	$(RUN) python -m bench.webhooks

# The picture budgets for a 4000x3000 photo (bench/images.py): bytes of the hero on a phone and
# a desktop, CPU time and peak memory to make the renditions; three runs, their ranges.
bench-images: export SECRET_KEY ?= bench-only-secret-key
bench-images: install
	$(RUN) python -m bench.images $(BENCH_ARGS)
