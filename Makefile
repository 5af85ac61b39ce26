# secmon: the two commands a newcomer needs are `make demo` and `make test`.
# Both install what is missing first (skipped in well under a second when all is present).

SWIFT        ?= swift
SECMON       := .build/debug/secmon
ENDPOINT     := scripts/local-endpoint
STACK        ?= stacks/secret-access-alarm.yaml
DEMO_EMAIL   ?= security-team@example.com

.PHONY: all deps build test unit-test integration-test demo bench fuzz models clean

all: build

# Debian packages for the system libraries and tools, moto_server from PyPI.
deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

# Unit tests and integration tests (each integration test class starts its own moto_server).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

unit-test: deps
	$(SWIFT) test --skip IntegrationTests

integration-test: deps
	$(SWIFT) test --filter IntegrationTests

# The whole story against a local endpoint that is started here and stopped whatever happens.
demo: build
	@$(ENDPOINT) run -- scripts/demo $(SECMON) $(STACK) $(DEMO_EMAIL)

bench: deps
	$(SWIFT) build -c release
	@$(ENDPOINT) run -- scripts/bench .build/release/secmon

# libFuzzer over everything that reads user input, FUZZ_SECONDS (default 60) per target;
# not part of `make test` (docs/fuzzing.md).
fuzz: deps
	@scripts/fuzz

# Regenerates the embedded, trimmed botocore models (Sources/AWSClient/Generated) from the
# installed botocore and scripts/codegen/operations.json. A test fails when they are stale.
models:
	python3 scripts/codegen/generate-models.py

clean:
	rm -rf .build .local
