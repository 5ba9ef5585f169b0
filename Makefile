# Papers in Miniature. `make book` builds the HTML book; `make test` is what CI runs.
VENV    ?= .venv
PY      := $(VENV)/bin/python
PYTHON  ?= python3
JOBS    ?= 2
JB      := $(VENV)/bin/jupyter-book
# Chapters and the book are always built at book scale with the default seed.
CLEAN_ENV := env -u MINIREPRO_SCALE -u MINIREPRO_SEED -u MINIREPRO_DEVICE PYDEVD_DISABLE_FILE_VALIDATION=1

.PHONY: help env lab-env lab book test unit notebooks build browser check-build chapter status clean

help:
	@echo "make book                  create .venv if needed and build the HTML book into _build/html"
	@echo "make test                  unit tests, strict nbval over every chapter, strict book build, browser test;"
	@echo "                           ends with the time of each phase"
	@echo "make browser               open every page of the built book in headless Chromium, offline"
	@echo "make chapter NAME=<name>   re-execute one chapter in place (run before committing it)"
	@echo "make status                regenerate book/status.md from book/catalogue.yaml"
	@echo "make lab                   open the book's chapters in JupyterLab with the project's kernel"

$(VENV)/.installed: requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

env: $(VENV)/.installed

# JupyterLab, kept out of requirements.txt so that `make book` and `make test` stay lean.
$(VENV)/.lab-installed: requirements-lab.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-lab.txt
	@touch $@

lab-env: $(VENV)/.lab-installed

# Chapters open at book scale and seed 0, as committed; the server listens on loopback only.
LAB_PORT ?= 8888
lab: lab-env
	@echo "Starting JupyterLab in book/; open the http://127.0.0.1:$(LAB_PORT)/lab?token=... URL it prints (Ctrl-C stops it)."
	cd book && $(CLEAN_ENV) PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(CURDIR)/$(PY) -m jupyterlab --no-browser \
		--ip=127.0.0.1 --port=$(LAB_PORT) $(if $(filter 0,$(shell id -u)),--allow-root)

book: env build
	@echo "The book is at $(CURDIR)/_build/html/index.html"

build: env
	rm -rf _build/html _build/.doctrees
	$(CLEAN_ENV) $(JB) build . -n -W --keep-going --quiet

# Each phase is timed (.ci/timed); the phases stop at the first failure, and the table of their
# times ends the output either way, with the exit status of the failed phase.
TIMED := TIMINGS=_build/timings.txt .ci/timed
test:
	@rm -f _build/timings.txt; \
	$(TIMED) install $(MAKE) --no-print-directory env && \
	$(TIMED) unit $(MAKE) --no-print-directory unit && \
	$(TIMED) nbval $(MAKE) --no-print-directory notebooks && \
	$(TIMED) build $(MAKE) --no-print-directory build && \
	$(TIMED) browser $(MAKE) --no-print-directory browser; \
	status=$$?; $(TIMED) --summary; exit $$status

# The built book: its files, and every page as a reader sees it (needs Debian's chromium; the browser
# test skips without it). --dist load shares the pages out between the workers.
browser: env
	$(CLEAN_ENV) $(PY) -m pytest -n $(JOBS) --dist load -m book -rs tests

unit: env
	$(CLEAN_ENV) $(PY) -m pytest -n $(JOBS) --dist loadscope -m "not book" tests

notebooks: env
	$(CLEAN_ENV) $(PY) -m pytest -n $(JOBS) --dist loadscope --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout 300 book

chapter: env
	@test -n "$(NAME)" || { echo "usage: make chapter NAME=<chapter>  (see: $(VENV)/bin/minirepro list)"; exit 2; }
	$(CLEAN_ENV) $(VENV)/bin/minirepro execute $(NAME)

status: env
	$(VENV)/bin/minirepro status --write

clean:
	rm -rf _build figures
