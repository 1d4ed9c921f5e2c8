PYTHON := .venv/bin/python

.PHONY: run test lint format messages ci

run:
	python3 dev.py run

test:
	python3 dev.py test

lint:
	python3 dev.py lint

format:
	$(PYTHON) -m ruff format .
	$(PYTHON) -m ruff check --fix .

# Our catalogues only: locale_django/ (Django's own admin strings in Kazakh) is
# edited by hand and never passed to makemessages, which would mark it obsolete.
messages:
	$(PYTHON) manage.py makemessages -l ru -l kk --ignore=.venv --ignore=staticfiles --ignore=locale_django
	$(PYTHON) manage.py compilemessages --ignore=.venv

ci:
	bash .ci/run
