.PHONY: setup run test unit integration e2e migrate

setup:
	scripts/setup --browser

run:
	scripts/run

test:
	scripts/test

unit:
	scripts/test tests/unit

integration:
	scripts/test tests/integration

e2e:
	scripts/test tests/e2e

migrate:
	scripts/setup && . scripts/env.sh && python -m fitapp.cli migrate
