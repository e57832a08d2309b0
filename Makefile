# Jiangxin (匠心). `make run` and `make test` set everything up themselves.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint format migrations-check check messages install install-test assets screens

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

$(RUN_STAMP): pyproject.toml | $(UV)
	$(UV) pip install --python $(PY) --quiet -r pyproject.toml
	@touch $@

$(TEST_STAMP): pyproject.toml | $(UV)
	$(UV) pip install --python $(PY) --quiet -r pyproject.toml --extra test
	@touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)

install-test: $(TEST_STAMP)

run: $(RUN_STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py serve --port $(PORT)

test: $(TEST_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(TEST_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(RUN_STAMP)
	$(PY) manage.py makemigrations --check --dry-run

check: $(RUN_STAMP) migrations-check
	$(PY) manage.py check

# Refresh locale/zh_Hans from the source and compile it (needs GNU gettext).
messages: $(TEST_STAMP)
	$(PY) manage.py makemessages --locale zh_Hans --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --no-obsolete
	$(PY) manage.py compilemessages --locale zh_Hans --ignore '.venv/*'

# Refresh the vendored front-end files from package.json (needs Node; the site does not).
assets:
	npm ci --no-audit --no-fund
	# Without its source map comment: collectstatic's manifest storage would look
	# for the map, which is not shipped, and fail.
	sed '/^\/\/# sourceMappingURL=/d' node_modules/hls.js/dist/hls.light.min.js \
		> media/static/media/vendor/hls.light.min.js
	cp node_modules/hls.js/LICENSE media/static/media/vendor/hls.js.LICENSE
	cp node_modules/echarts/dist/echarts.common.min.js reporting/static/reporting/vendor/
	cp node_modules/echarts/LICENSE reporting/static/reporting/vendor/echarts.LICENSE
	cp node_modules/echarts/NOTICE reporting/static/reporting/vendor/echarts.NOTICE

# Walk the role journeys in Chromium (tests/journeys/) and save their screenshots,
# small PNGs at 375 px and 1,280 px, into docs/screens/.
screens: $(TEST_STAMP)
	rm -f docs/screens/*.png
	JOURNEY_SCREENS=docs/screens $(PY) -m pytest -q -p no:cacheprovider tests/journeys
