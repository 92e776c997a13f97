# BreakingEven: `make run` for a local site with demo content, `make test` for the checks
# (browser tests included: they need Debian's chromium and Java, see tests/browser/README.md).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
UV := python3 -m uv
RUN := $(UV) run --frozen
MANAGE := $(RUN) python manage.py

.PHONY: install run test test-browser lighthouse serve worker migrate demo

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
	$(RUN) pytest

# Only the browser tests (Playwright driving /usr/bin/chromium against the live server).
test-browser: export SECRET_KEY ?= tests-only-secret-key
test-browser: install node_modules
	$(RUN) pytest tests/browser

# Lighthouse's scores for the home page and an article of the demo site: a measurement, not a gate.
lighthouse: install node_modules
	$(RUN) python tests/browser/lighthouse.py

serve: install
	$(MANAGE) check --deploy --fail-level ERROR
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput
	$(RUN) gunicorn --config gunicorn.conf.py breakingeven.wsgi

worker: install
	$(MANAGE) db_worker
