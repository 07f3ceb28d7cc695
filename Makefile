# Every target sets up its own virtual environment in .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := resources/sample-article.md

.PHONY: run test lint format eval bench train-claims icons screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/marginalia $(SAMPLE)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Quality figures of each layer against the shared corpus (skipped where it is absent).
eval: $(VENV)/.installed
	$(BIN)/python -m evaluation.import_html
	$(BIN)/python -m evaluation.quotes --split dev
	$(BIN)/python -m evaluation.claims

# Rebuild the shipped claim model from the shared check-worthiness data (minutes).
train-claims: $(VENV)/.installed
	$(BIN)/python -m training.train_claims

# Speed figures (median and range of repeated runs); budgets are in DESIGN.md.
bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks.bench
	$(BIN)/python -m benchmarks.notes
	$(BIN)/python -m benchmarks.export
	$(BIN)/python -m benchmarks.definitions

# Render the icon's PNG sizes from its SVG; commit them with the SVG.
icons: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/render_icons.py

# The AppStream screenshot, made by the app itself in a fresh data folder, drawn by X11
# (Xvfb) as on a desktop; commit it.
screenshot: $(VENV)/.installed
	home=$$(mktemp -d) && MARGINALIA_HOME=$$home xvfb-run -a env QT_QPA_PLATFORM=xcb \
		$(BIN)/marginalia --screenshot packaging/screenshots/main-window.png $(SAMPLE); \
		status=$$?; rm -rf "$$home"; exit $$status

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
