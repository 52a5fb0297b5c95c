# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PACKAGES := proto libs/servicekit svc-identity svc-permits svc-tax svc-complaints svc-disaster svc-inbox svc-tourism svc-assist gateway web
STAMP := $(VENV)/.installed
PYPROJECTS := $(addsuffix /pyproject.toml,$(PACKAGES))

.PHONY: install tools model run test test-fast lint proto proto-check bench clean

$(STAMP): $(PYPROJECTS) requirements/constraints.txt requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -r requirements/dev.txt \
		$(addprefix -e ,$(PACKAGES))
	touch $(STAMP)

install: $(STAMP)

## Generate Python code from proto/ (commit the result).
proto: $(STAMP)
	$(BIN)/python proto/generate.py

## Fail when proto/gen does not match the .proto files.
proto-check: $(STAMP)
	$(BIN)/python proto/generate.py --check

## The complaints category model, rebuilt whenever its labelled data changes (scores in the report).
MODEL := var/complaints-category-model.joblib
$(MODEL): svc-complaints/src/gorontalo_complaints/data/training.csv $(STAMP)
	mkdir -p var
	$(BIN)/gorontalo-complaints train-model --output $(MODEL) > var/complaints-model-report.txt
	@head -1 var/complaints-model-report.txt

model: $(MODEL)

## Start NATS (unless one answers at NATS_URL), the five services and the gateway.
run: $(STAMP) $(MODEL)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash deploy/run.sh

## Programs the tests drive that pip does not bring (promtool, amtool, chromium, tesseract), from
## Debian's packages when missing and allowed: deploy/dev/ensure-programs.sh lists them and why.
tools:
	@sh deploy/dev/ensure-programs.sh

## Lint and format check (ruff.toml), then unit, integration and end-to-end tests (real nats-server,
## PostgreSQL, SQLite and Redis), the schemathesis fuzz and the wheel installs.
test: proto-check lint tools
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests collected" >&2; exit 1; fi; exit $$status

## ruff: lint and formatting of every package (ruff format . fixes the formatting).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Only the fast tiers (no end-to-end stack).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not e2e" $(PYTEST_ARGS)

## Throughput and latency through the gateway, against a bare Flask baseline.
bench: $(STAMP) tools
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tests/bench/run.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tests/bench/streams.py

clean:
	rm -rf $(VENV) var
