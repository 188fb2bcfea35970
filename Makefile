# The Leg Muscle Pain course. Newcomers need two commands: `make lab` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8888

.PHONY: lab instructor-lab test unit lessons browser bench site instructor hub chromium postgresql clean help

help:
	@echo "make lab    set everything up and open the course (student version) in JupyterLab"
	@echo "make instructor-lab  open the instructor version (solutions, teaching notes)"
	@echo "make test   set everything up and run every test (unit, lessons, browser)"
	@echo "make bench  print how fast the models and explorers are"
	@echo "make site   build the static site of the lessons in _site/"
	@echo "make instructor  build the student and instructor versions in build/"
	@echo "make hub    a trial JupyterHub for a class on this computer (127.0.0.1 only)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,docs,hub]"
	PATH="$(abspath $(BIN)):$$PATH" NB_PYTHON_PREFIX=$(abspath $(VENV)) binder/postBuild
	touch $(STAMP)

# Learners get the student version: `musclepain-course copy` adds new or updated lessons to
# build/student and keeps every lesson the learner changed there.
lab: $(STAMP)
	$(BIN)/musclepain-course copy build/student
	$(BIN)/jupyter lab --notebook-dir=build/student build/student/00_welcome.ipynb \
	  $(if $(filter 0,$(shell id -u)),--allow-root,) $(if $(CI),--no-browser,) $(LAB_ARGS)

# The instructor version (solutions and teaching notes), opened on purpose.
instructor-lab: $(STAMP)
	$(BIN)/musclepain-course copy build/instructor --instructor --source notebooks
	$(BIN)/jupyter lab --notebook-dir=build/instructor build/instructor/00_welcome.ipynb \
	  $(if $(filter 0,$(shell id -u)),--allow-root,) $(if $(CI),--no-browser,) $(LAB_ARGS)

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
chromium:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL for the progress service's tests and load test (each starts a throwaway
# server in a temporary folder; the package's own cluster is not used).
POSTGRES_BIN ?= $(lastword $(sort $(wildcard /usr/lib/postgresql/*/bin/pg_ctl)))
postgresql:
	@test -n "$(POSTGRES_BIN)" || { \
	  echo "Installing PostgreSQL for the progress service's tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }

# Tests run in $(JOBS) processes, a file (a lesson, a test module) to a process at a time;
# the browser tests run after the others, in a session of their own (each browser module has
# one server and one Chromium of its own).
# `make site` (build and site check, as the README gives it) and then the site's browser tests
# run beside the other browser tests: a whole run takes about a minute less than with the site
# built beside the first session (both sessions keep the two cores busy either way).
# Files are handed to the two test processes in the order collected: tests/conftest.py puts the
# long ones first, and the browser tests' file names put the hub's first. (xdist's own order, by
# number of tests, left a long file of few tests, such as the hub's, for the end.)
JOBS ?= 2
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider -n $(JOBS) --dist loadfile --no-loadscope-reorder
SITE_LOG := build/make-site.log

test: $(STAMP) chromium postgresql $(NODE_STAMP)
	$(PYTEST) --durations=8 -m "not browser" tests notebooks
	@mkdir -p build
	@{ $(MAKE) --no-print-directory site && MUSCLEPAIN_SITE=$(abspath $(SITE_DIR)) \
	   $(BIN)/python -m pytest -p no:cacheprovider --durations=4 tests/browser/test_site.py; } > $(SITE_LOG) 2>&1 & site=$$!; \
	$(PYTEST) --durations=8 -m browser --ignore=tests/browser/test_site.py tests/browser; tests=$$?; \
	wait $$site; built=$$?; tail -n 12 $(SITE_LOG); \
	if [ $$built != 0 ] || ! grep -q "site check passed" $(SITE_LOG); then cat $(SITE_LOG); exit 1; fi; \
	exit $$tests

unit: $(STAMP) postgresql
	$(PYTEST) tests -m "not browser and not slow"

lessons: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider notebooks

browser: $(STAMP) chromium $(NODE_STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests/browser -m browser

bench: $(STAMP) chromium postgresql $(NODE_STAMP)
	$(BIN)/python -m benchmarks

# axe-core for the accessibility checks; installed again only when the lock file changes.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# The course site is the student version; `make site INSTRUCTOR=1` builds the instructor's
# site (solutions and teaching notes) into _site_instructor, never published as the course site.
SITE_DIR = $(if $(INSTRUCTOR),_site_instructor,_site)
site: $(STAMP) chromium $(NODE_STAMP)
	$(BIN)/python -m tools.build_site --out $(SITE_DIR) $(if $(INSTRUCTOR),--instructor)
	$(BIN)/python -m tools.check_site --site $(SITE_DIR)

# The student (solutions removed) and instructor (solutions and notes) versions of the lessons.
instructor: $(STAMP)
	$(BIN)/python -m musclepain_lib.classroom.versions --source notebooks --out build

# A JupyterHub trial for a class on this computer (hub/jupyterhub_config.py): an instructor and
# $(STUDENTS) students with a printed trial password, listening on 127.0.0.1 only.
STUDENTS ?= 3
HUB_PORT ?= 8000
hub: $(STAMP) $(NODE_STAMP)
	MUSCLEPAIN_HUB_STUDENTS=$(STUDENTS) $(BIN)/python -m musclepain_lib.classroom.trial_hub -f hub/jupyterhub_config.py --port=$(HUB_PORT) $(HUB_ARGS)

clean:
	rm -rf $(VENV) _site _site_instructor build dist .pytest_cache hub-data
