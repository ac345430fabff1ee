# Two commands on a fresh machine: `make demo` and `make test`. Both are idempotent: the venv and the
# installs are redone only when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: demo test build browser docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(TSTAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

build: $(STAMP)
	$(BIN)/kg build --corpus corpus --out build

demo: build
	$(BIN)/kg query --name agencies_by_tasks_led --limit 10
	$(BIN)/kg viz overview -o build/viz/overview.html

# Debian's Chromium and ChromeDriver for the browser tests (never a browser download), and the CJK font that
# screenshots and `kg stats --plot` charts need (fonts-noto-cjk), installed even when Chromium is already there.
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
	  && [ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
	else echo "chromium/chromedriver or fonts-noto-cjk missing and not root: browser and chart tests will be skipped"; fi

# Debian's Virtuoso binaries for the `kg push` tests, which start a private instance (.ci/virtuoso.sh).
.PHONY: virtuoso
virtuoso:
	@bash .ci/virtuoso.sh install

test: $(TSTAMP) browser virtuoso
	$(BIN)/python -m pytest -q

docs: build browser
	$(BIN)/python bench/screenshots.py

bench: build browser
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_viz.py

# Outputs and execution counts out of the notebooks before a commit (tests/test_notebooks.py checks it).
.PHONY: strip-notebooks
strip-notebooks:
	$(PYTHON) notebooks/strip_outputs.py notebooks/*.ipynb

clean:
	rm -rf build .pytest_cache
