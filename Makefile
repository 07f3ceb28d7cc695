# Every target sets up its own virtual environment in .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := resources/sample-article.md
VERSION = $(shell $(PYTHON) -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])")

.PHONY: run test lint format eval bench train-claims icons screenshot package package-test clean

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

# The desktop app: one folder with everything it needs, in dist/marginalia/, and the
# same folder as dist/marginalia-VERSION-linux-ARCH.tar.gz (packaging/marginalia.spec).
$(VENV)/.packaging: pyproject.toml | $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,package]'
	touch $@

package: $(VENV)/.installed $(VENV)/.packaging
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/marginalia.spec
	tar -C dist -czf dist/marginalia-$(VERSION)-linux-$(shell uname -m).tar.gz marginalia
	du -sh dist/marginalia dist/marginalia-*.tar.gz

# Start the built app on the sample article, export it, check its commands and its
# install script; prints the time to the first highlight (packaging/smoke_test.py).
package-test:
	$(PYTHON) packaging/smoke_test.py dist/marginalia

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
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
