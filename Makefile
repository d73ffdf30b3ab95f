# QualityCity — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
ASSETS := qualitycity/static_build/vendor/.built
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install assets run worker test test-fast lint format bench messages clean openapi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

$(ASSETS): package.json package-lock.json scripts/build_assets.py
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python scripts/build_assets.py
	touch $(ASSETS)

assets: $(STAMP) $(ASSETS)

run: install assets
	$(BIN)/qcity migrate --noinput
	$(BIN)/qcity load-reference
	$(BIN)/qcity demo --scale tiny --if-empty
	$(BIN)/qcity complaints publish-due
	$(BIN)/qcity spotchecks publish-due
	$(BIN)/qcity spotchecks rebuild-tallies
	@echo ""
	@echo "QualityCity: http://$(HOST):$(PORT)/  (public portal: http://$(HOST):$(PORT)/public/)"
	@echo "Log in as admin, leader, staff, inspector1, zezhou, reporter_gxj, auditor, security, qiye or lab1"
	@echo "with the demo password printed above (set QCITY_DEMO_PASSWORD to choose it)."
	@echo ""
	@trap 'kill 0' EXIT INT TERM; \
	  $(BIN)/qcity db_worker --no-reload --interval 1 --verbosity 0 & \
	  $(BIN)/qcity runserver $(HOST):$(PORT) --insecure --noreload

worker: install
	$(BIN)/qcity db_worker --no-reload

test: install assets
	@if [ -x /usr/bin/chromium ]; then \
	  $(BIN)/pytest -q; \
	else \
	  echo "!!!!!!!! BROWSER TESTS SKIPPED: Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk) !!!!!!!!"; \
	  $(BIN)/pytest -q -m "not browser"; \
	fi

test-fast: install
	$(BIN)/pytest -q -m "not browser" -x

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy qualitycity
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_messages.py
	$(BIN)/qcity makemigrations --check --dry-run >/dev/null

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	cd qualitycity && ../$(BIN)/qcity makemessages -l zh_Hans --no-obsolete --no-location --ignore 'static_build/*' --ignore 'tests/*'
	cd qualitycity && ../$(BIN)/qcity compilemessages -l zh_Hans

bench: install assets
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules qualitycity/static_build var

openapi: install
	$(BIN)/qcity export_openapi_schema --api qualitycity.api.api.api --indent 2 --sorted > docs/openapi.json
