# Dateline: `make run` for the site with the seed timeline, `make test` for the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV := .tools/bin/uv
VENV := .venv
PYTHON := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
EDITOR_NAME ?= editor
TIMELINEJS := tests/browser/timelinejs
MAP_ASSETS := static/vendor/map/.built
# uv must use a Python found on this machine, never download one.
export UV_PYTHON_DOWNLOADS := never

.PHONY: help install map messages timelinejs run serve test lint editor score

help:
	@echo "make run     install what is missing, migrate, load the seeds, serve on http://$(HOST):$(PORT)"
	@echo "make serve   production: collectstatic, migrate, gunicorn with DEBUG off (needs SECRET_KEY, DATABASE_URL)"
	@echo "make test    run the whole test suite (DATABASE_URL picks the database; SQLite by default)"
	@echo "make editor  create an editor login for the admin"
	@echo "make lint    ruff check and format check"
	@echo "make map     the map view's Leaflet and basemap from npm into static/vendor/map (make install does it)"
	@echo "make score   extraction figures on the dev articles and on tests/extraction/articles"

# A private uv, bootstrapped from whichever Python 3.12+ the machine has.
$(UV):
	@PY=$$(scripts/find-python) && "$$PY" -m venv .tools && .tools/bin/pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	@PY=$$(scripts/find-python) && $(UV) sync --frozen --quiet --python "$$PY"
	@touch $@

install: $(VENV)/.synced $(MAP_ASSETS) messages

# The interface in Spanish: locale/*/LC_MESSAGES/django.po compiled by GNU gettext's msgfmt
# (not committed; `--check` refuses a broken catalog). Remake the .po with
# `manage.py makemessages -l es` (README, "Languages").
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || { echo "Dateline needs GNU gettext to compile its translations: apt-get install -y gettext" >&2; exit 1; }
	@msgfmt --check --output-file=$@ $<

messages: $(MESSAGES)

# The map view's Leaflet, Leaflet.markercluster and basemap, from npm at the versions
# frontend/package-lock.json pins, copied into static/vendor/map/ (not committed) where
# staticfiles and WhiteNoise serve them. Only the npm registry is needed, and only here.
$(MAP_ASSETS): frontend/package.json frontend/package-lock.json frontend/build.mjs
	@command -v npm >/dev/null || { echo "Dateline needs npm to build the map view's files: apt-get install -y npm" >&2; exit 1; }
	@npm ci --prefix frontend --no-audit --no-fund --silent
	@node frontend/build.mjs
	@touch $@

map: $(MAP_ASSETS)

# TimelineJS from npm, at the version package-lock.json pins, for the browser test that
# renders our TimelineJS export in it.
$(TIMELINEJS)/node_modules/.installed: $(TIMELINEJS)/package.json $(TIMELINEJS)/package-lock.json
	@command -v npm >/dev/null || { echo "make test needs npm to install TimelineJS for the browser tests: apt-get install -y npm" >&2; exit 1; }
	@npm ci --prefix $(TIMELINEJS) --no-audit --no-fund
	@touch $@

timelinejs: $(TIMELINEJS)/node_modules/.installed

run: install
	@DEBUG=true $(PYTHON) manage.py migrate --no-input
	@DEBUG=true $(PYTHON) manage.py load_seeds
	@echo
	@echo "Dateline is starting on http://$(HOST):$(PORT)/ (the admin is at /admin/)."
	@echo "For an editor login, run in another terminal:  make editor"
	@echo
	@DEBUG=true $(PYTHON) manage.py runserver $(HOST):$(PORT)

# Production on this machine: DEBUG off, hashed static files served by WhiteNoise,
# gunicorn as config/gunicorn.py says. It never loads the seeds: a production database
# holds the newsroom's events only (`manage.py load_seeds` adds the demo timeline).
serve: install
	@[ -n "$$SECRET_KEY" ] || { echo "make serve needs SECRET_KEY: a long random value, e.g. from" \
		"python -c 'import secrets; print(secrets.token_urlsafe(50))'" >&2; exit 1; }
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
		*) echo "make serve needs DATABASE_URL=postgres://USER@HOST:PORT/NAME (PostgreSQL)" >&2; exit 1;; esac
	@DEBUG=false $(PYTHON) manage.py collectstatic --no-input --verbosity 0
	@DEBUG=false $(PYTHON) manage.py migrate --no-input
	@DEBUG=false HOST=$(HOST) PORT=$(PORT) exec $(VENV)/bin/gunicorn --config config/gunicorn.py

test: install timelinejs
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

editor: install
	@DEBUG=true $(PYTHON) manage.py migrate --no-input --verbosity 0
	@DEBUG=true $(PYTHON) manage.py create_editor $(EDITOR_NAME) --reset-password

# Extraction figures: the shared scorer on the dev articles and on our held-out set
# (tests/extraction/articles), against a throwaway SQLite database under /tmp.
SCORE_CMD := $(PYTHON) manage.py extract_events --batch {batch}
score: install
	@db=$$(mktemp -u /tmp/dateline-score-XXXXXX).sqlite3; trap 'rm -f "$$db"' EXIT; \
	export DATABASE_URL="sqlite:///$$db"; \
	$(PYTHON) manage.py migrate --no-input --verbosity 0 && \
	echo "== dev set: ../shared/eval/dev" && \
	python3 ../shared/eval/score.py --set ../shared/eval/dev --cmd '$(SCORE_CMD)' && \
	echo && echo "== held-out set: tests/extraction/articles" && \
	python3 ../shared/eval/score.py --set tests/extraction/articles --cmd '$(SCORE_CMD)'
