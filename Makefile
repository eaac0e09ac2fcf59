# The two commands a newcomer needs: `make run` and `make test` (README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Rebuilt only when the declared dependencies change, so a second `make run` starts at once.
STAMP := $(VENV)/.installed-stamp

.PHONY: install messages run test test-postgres test-all bench soak

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Compiled catalogues (.mo) are built here, never committed. Needs gettext's msgfmt; without
# it the site still runs, in English.
messages: install
	@if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv -v0; \
	else echo "msgfmt not found (apt-get install gettext): pages will be in English"; fi

# Set up, migrate, load the report (keeping editors' changes), make sure there is a way into
# the admin, and serve on http://127.0.0.1:$(PORT).
run: messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_report
	$(BIN)/python manage.py ensure_local_admin
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The linter (ruff, configured in pyproject.toml), every interface string translated, then the
# whole suite on the database DATABASE_URL names (SQLite when unset).
test: messages
	$(BIN)/ruff check .
	scripts/check-translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same suite on a throwaway PostgreSQL cluster, removed afterwards.
test-postgres: install
	scripts/with-postgres $(MAKE) test

test-all: test test-postgres

# The portal beside a bare floor app under wrk, at 1,000 and 100,000 entries, on a throwaway
# PostgreSQL (README "Benchmark"). BENCH_ARGS="--sizes 1000 --duration 3" for a quick run.
bench: install
	PYTHON=$(BIN)/python scripts/bench $(BENCH_ARGS)

# The bounded load and soak test .ci/run runs: 60 s at 32 clients, 0 errors, RSS flat.
soak: install
	scripts/with-postgres $(BIN)/python benchmarks/soak.py $(SOAK_ARGS)
