# One entry point for people and CI. Every target sets up what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Ingest the seeds, then run the bot if Slack credentials are set, else answer offline.
run: $(STAMP)
	$(BIN)/dossier ingest seeds
	@if [ -n "$$SLACK_BOT_TOKEN" ]; then \
		$(BIN)/dossier serve; \
	else \
		echo; echo "No SLACK_BOT_TOKEN: offline answers (dossier ask)."; echo; \
		$(BIN)/dossier ask "/timeline"; echo; \
		$(BIN)/dossier ask "/quote altman"; echo; \
		$(BIN)/dossier ask "/source microsoft contrôle openai"; \
	fi

## The test suite, as CI runs it.
test: $(STAMP)
	$(BIN)/python -m pytest -q

## Speed and memory, as ratios against a floor (not part of the tests).
bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) dossier.db dossier.db-wal dossier.db-shm dossier.db.lock .pytest_cache
