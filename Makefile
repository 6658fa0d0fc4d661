# One command each: `make run` (set up, then the main job on data/raw -> data/out)
# and `make test` (set up, then the test suite).
.PHONY: setup run test lint bench

setup:
	./scripts/setup.sh

run: setup
	.venv/bin/newsie run data/raw -o data/out

test: setup
	.venv/bin/pytest

lint:
	.venv/bin/ruff check src tests scripts benchmarks
	.venv/bin/ruff format --check src tests scripts benchmarks
	.venv/bin/mypy

bench: setup
	for b in benchmarks/bench_*.py; do .venv/bin/python "$$b" || exit 1; done
