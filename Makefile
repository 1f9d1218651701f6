# Two commands on a fresh machine: `make build`, then `make test`.
# Everything is installed into .venv/ at the repository root, pinned (pyproject.toml
# and constraints.txt), the spaCy model included.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet

.PHONY: build test serve check clean venv browser test-tools java constraints eval

build: $(VENV)/.runtime
	$(PY) -m generator build

# Lint and types first (seconds), then the suite (minutes).
test: $(VENV)/.test browser test-tools
	$(VENV)/bin/ruff check generator tests bench
	$(VENV)/bin/mypy
	$(PY) -m pytest

serve: $(VENV)/.runtime
	$(PY) -m generator serve

check: $(VENV)/.runtime
	$(PY) -m generator check

venv: $(VENV)/.runtime

# Extraction quality (docs/extraction.md): a throwaway site with the dev-set articles and
# the sample, extracted fresh, checked (no sidecar the extractor writes may fail `check`),
# then scored against the references: half a (tuned on), half b (held out: the figures
# to trust) and the sample, each on its own.
EVAL := .cache/eval
eval: $(VENV)/.runtime
	rm -rf $(EVAL) && mkdir -p $(EVAL)/site/content $(EVAL)/gold-a $(EVAL)/gold-b $(EVAL)/gold-sample
	cp site.yaml $(EVAL)/site/
	cp tests/data/dev-set/[!R]*.md content/russia-china-aid.txt $(EVAL)/site/content/
	for md in tests/data/dev-set/[!R]*.md; do \
	  half=$$(sed -n 's/^half: *\([ab]\).*/\1/p' $$md); cp $${md%.md}.yaml $(EVAL)/gold-$$half/; done
	cp tests/data/gold/*.yaml $(EVAL)/gold-sample/
	$(PY) -m generator extract --site $(EVAL)/site
	$(PY) -m generator check --site $(EVAL)/site
	for part in a b sample; do echo; echo "=== $$part ==="; \
	  $(PY) -m generator eval --site $(EVAL)/site --gold $(EVAL)/gold-$$part || exit 1; done

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version)); set PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@touch $@

$(VENV)/.runtime: $(VENV)/.created pyproject.toml constraints.txt
	$(PIP) install -c constraints.txt -e .
	@touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(PIP) install -c constraints.txt -e '.[test,dask]'
	@touch $@

# Installs Debian packages $(1) when command $(2) is missing: as root, with sudo,
# or by telling the user the one command to run.
define apt_install
	@command -v $(2) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1); \
	  elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1); \
	  else echo "The tests need $(2): sudo apt-get install $(1)" >&2; exit 1; fi; }
endef

# Browser tests drive Debian's chromium through Python playwright (playwright's
# own browser download does not work offline).
browser:
	$(call apt_install,chromium,chromium)

# Accessibility and HTML-validity tests use npm's axe-core and vnu-jar (the Nu
# HTML checker), pinned in package.json and package-lock.json and installed into
# node_modules/ with `npm ci`; vnu-jar runs on Java 17 or newer. Install scripts
# are skipped: vnu-jar's would download a Java runtime.
test-tools: node_modules/.installed java

node_modules/.installed: package.json package-lock.json
	$(call apt_install,nodejs npm,npm)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

java:
	$(call apt_install,default-jre-headless,java)

constraints: $(VENV)/.test
	{ echo "# Exact versions of every package the project and its tests install (pip -c)."; \
	  echo "# Regenerate after changing pyproject.toml: make constraints"; \
	  $(PY) -m pip freeze --exclude-editable; } > constraints.txt

clean:
	rm -rf output .preview .pytest_cache .hypothesis
