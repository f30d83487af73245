# clusterops.platforms: development tasks.
#
#   make test     sanity + units on each ansible-core of MATRIX, integration + molecule on the oldest and newest, lint, changelog, docs
#   make demo     provision the payments service on the emulator twice (the second run must change nothing),
#                 then list its hosts through the CMDB inventory plugin
#   make sanity | units | integration | molecule | lint | changelog     one of them (CORE=2.16: on that ansible-core;
#                 lint: ansible-lint and antsibull-docs lint)
#   make docs     build the HTML docs site offline into build/docs/html; any Sphinx warning fails it
#   make bench    list forms vs uri and ping loops per object, 10,000 sets, a 10,000-host CMDB inventory, goals met? (BENCH_ARGS=--quick: small)
#   make chaos    200 sets, 20 storage clusters, 20 host groups and hosts, 3 OB clusters and tenants, DBMind, under faults
#   make emulator run the emulator in the foreground until Ctrl-C (vars file: build/emulator/vars.yml)
#   make venv     only create .venv with requirements.txt and test-requirements.txt
#   make clean    remove .venv, build/ and test output

PYTHON ?= python3

# The ansible-core versions `make test` runs on, each in its own virtualenv build/venv-<version>
# made with the pip constraints tests/matrix/<version>.txt and the Python X.Y below: the oldest
# release meta/runtime.yml allows, the development default and the newest release. sanity and
# units run on all of them, integration and molecule on the oldest and the newest, lint once in
# .venv. `make <target> CORE=<version>` runs one target on one of them.
MATRIX := 2.16 2.19 latest
MATRIX_ENDS := 2.16 latest
MATRIX_PYTHON_2.16 := 3.11
MATRIX_PYTHON_2.19 := 3.11
MATRIX_PYTHON_latest := 3.13

# Python X.Y: pythonX.Y from PATH if it runs (a pyenv shim may not), else a pyenv installation.
find_python = $(firstword $(foreach p,python$(1) $(wildcard $(HOME)/.pyenv/versions/$(1).*/bin/python$(1)),$(shell $(p) -c '' 2>/dev/null && command -v $(p))))

# Without CORE, .venv: the development virtualenv, with the newest ansible-core PYTHON runs.
CORE ?=
ifeq ($(CORE),)
VENV := .venv
VENV_PYTHON := $(PYTHON)
CONSTRAINTS :=
else
ifeq ($(filter $(CORE),$(MATRIX)),)
$(error CORE=$(CORE): not one of the matrix versions: $(MATRIX))
endif
VENV := build/venv-$(CORE)
CONSTRAINTS := tests/matrix/$(CORE).txt
VENV_PYTHON = $(or $(call find_python,$(MATRIX_PYTHON_$(CORE))),$(error no Python $(MATRIX_PYTHON_$(CORE)) for ansible-core $(CORE)))
endif
VPY := $(CURDIR)/$(VENV)/bin/python
STAMP := $(VENV)/.installed

# ansible-test needs the collection under .../ansible_collections/<namespace>/<name>/ and
# resolves symlinks, so it runs on a fresh copy of the checkout (see `collection`).
COLLECTION := build/ansible_collections/clusterops/platforms
# A symlink is enough for ansible-playbook and for importing the collection in unit tests.
COLLECTIONS_PATH := build/collections
LINK := $(COLLECTIONS_PATH)/ansible_collections/clusterops/platforms

export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

# X.Y of the venv's Python, for ansible-test --python (expanded when a recipe runs, after
# the venv exists).
PYVER = $(shell $(VPY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')

EMULATOR_PORT ?= 8765
EMULATOR_TLS_PORT ?= 8766

.PHONY: help test sanity units integration molecule lint changelog docs demo bench chaos emulator venv collection link get-pip clean

help:
	@sed -n 's/^#   make /make /p' $(firstword $(MAKEFILE_LIST))

test: venv
	@failed=; \
	for core in $(MATRIX); do \
	  targets="venv sanity units"; \
	  case " $(MATRIX_ENDS) " in *" $$core "*) targets="$$targets integration molecule";; esac; \
	  for t in $$targets; do \
	    echo "==== make $$t CORE=$$core"; start=$$(date +%s); \
	    $(MAKE) --no-print-directory CORE=$$core $$t || { failed="$$failed $$t($$core)"; [ $$t != venv ] || break; }; \
	    echo "==== make $$t CORE=$$core took $$(( $$(date +%s) - start ))s"; \
	  done; \
	done; \
	for t in lint changelog docs; do \
	  echo "==== make $$t"; start=$$(date +%s); \
	  $(MAKE) --no-print-directory $$t || failed="$$failed $$t"; \
	  echo "==== make $$t took $$(( $$(date +%s) - start ))s"; \
	done; \
	if [ -n "$$failed" ]; then echo "==== make test FAILED:$$failed"; exit 1; fi; \
	echo "==== make test passed: sanity and units on ansible-core $(MATRIX), integration and molecule on $(MATRIX_ENDS), lint, changelog, docs"

venv: $(STAMP)

$(STAMP): requirements.txt test-requirements.txt $(CONSTRAINTS)
	test -x $(VPY) || $(VENV_PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -r requirements.txt -r test-requirements.txt $(addprefix -c ,$(CONSTRAINTS))
	touch $@

# Fresh copy of the tracked and untracked-but-not-ignored files. The copy gets its own git
# repository: otherwise ansible-test lists files with the checkout's git, which ignores build/.
collection:
	rm -rf $(COLLECTION)
	mkdir -p $(COLLECTION)
	git ls-files -z -co --exclude-standard | tar --null -T - --ignore-failed-read -cf - | tar -xf - -C $(COLLECTION)
	cd $(COLLECTION) && git init -q .

link:
	mkdir -p $(dir $(LINK))
	ln -sfn ../../../.. $(LINK)

# ansible-test can't download its pip bootstrap script here; give it a stand-in.
get-pip: venv
	$(VPY) scripts/get_pip_standin.py --install-cache

sanity: venv collection get-pip
	cd $(COLLECTION) && ansible-test sanity --venv --python $(PYVER)

units: venv
	$(VPY) -m pytest tests/unit

# Integration targets can't see the shell environment, so the emulator's connection
# options go to the copy's tests/integration/integration_config.yml.
integration: venv collection
	PYTHON=$(VPY) scripts/with-emulator --vars-out $(COLLECTION)/tests/integration/integration_config.yml -- \
	  sh -c 'cd $(COLLECTION) && ansible-test integration --local --python $(PYVER)'

# One Molecule scenario per role (extensions/molecule/<role>/, the collection layout), all
# against one emulator on this host: converge, idempotence (a second converge changes nothing)
# and verify. Fails if any scenario fails. Molecule keeps its scenario files in $$ANSIBLE_HOME/tmp;
# ANSIBLE_HOME inside build/ keeps them, and anything else it would put in ~/.ansible, in the
# checkout (extensions/molecule/config.yml stops it installing the collection anywhere).
molecule: venv link
	ANSIBLE_HOME=$(CURDIR)/build/ansible-home ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS_PATH) PYTHON=$(VPY) \
	  scripts/with-emulator -- molecule test --all

# ansible-lint resolves clusterops.platforms.* through the same symlink as the demo;
# antsibull-docs checks the modules' and roles' docs (references, markup, schema) through it too.
lint: venv link
	ANSIBLE_HOME=$(CURDIR)/build/ansible-home ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS_PATH) ansible-lint
	cd $(LINK) && ANSIBLE_HOME=$(CURDIR)/build/ansible-home ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS_PATH) antsibull-docs lint-collection-docs --plugin-docs .

# The release notes: changelogs/fragments/*.yml and changelogs/changelog.yaml must be valid, and
# CHANGELOG.rst what changelog.yaml generates. A release: add fragments, then
# `antsibull-changelog release --version X.Y.Z` (with version_added X.Y.Z on what is new).
changelog: venv
	antsibull-changelog lint
	antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
	mkdir -p build
	antsibull-changelog generate --output build/CHANGELOG.rst --output-format rst
	@cmp -s build/CHANGELOG.rst CHANGELOG.rst || { \
	  echo "CHANGELOG.rst is not what changelogs/changelog.yaml generates; run: antsibull-changelog generate"; exit 1; }

# The HTML docs site (antsibull-docs and Sphinx, offline); see scripts/build-docs.
docs: venv link
	ANSIBLE_HOME=$(CURDIR)/build/ansible-home ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS_PATH) scripts/build-docs build/docs

demo: venv link
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS_PATH) scripts/with-emulator -- sh -c '\
	  scripts/run-demo playbooks/provision_database_service.yml -i playbooks/inventories/emulator \
	    -e @playbooks/services/payments.yml && \
	  scripts/show-inventory playbooks/inventories/cmdb/payments.cmdb.yml'

# One task of each module's list form against the uri loop a user would write and the ping loop;
# see scripts/bench. The figures are noisy on a busy machine: compare runs made back to back.
BENCH_ARGS ?=
bench: venv link
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS_PATH) scripts/with-emulator -- $(VPY) scripts/bench $(BENCH_ARGS)

# The fault mix of a flaky gateway on every platform request; see tests/chaos/.
chaos: venv link
	scripts/with-emulator -- $(VPY) -m tests.chaos

emulator: venv
	rm -rf build/emulator
	@echo "emulator: http://127.0.0.1:$(EMULATOR_PORT), TLS $(EMULATOR_TLS_PORT); connection options in build/emulator/vars.yml once ready"
	$(VPY) -m tests.emulator --port $(EMULATOR_PORT) --tls-port $(EMULATOR_TLS_PORT) \
	  --tls-dir build/emulator/tls --vars-file build/emulator/vars.yml

clean:
	rm -rf $(VENV) build tests/output .ansible .pytest_cache tests/integration/integration_config.yml
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
