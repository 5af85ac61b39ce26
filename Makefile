# secmon: the two commands a newcomer needs are `make demo` and `make test`.
# Both install what is missing first (skipped in well under a second when all is present).

SWIFT        ?= swift
SECMON       := .build/debug/secmon
ENDPOINT     := scripts/local-endpoint
STACK        ?= stacks/secret-access-alarm.yaml
DEMO_EMAIL   ?= security-team@example.com

.PHONY: all deps build test unit-test integration-test demo bench fuzz models clean release release-check install

PREFIX       ?= /usr/local

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

# A release binary with the Swift runtime linked statically: dist/secmon-<version>-linux-<arch>.tar.gz
# and its .sha256 (see scripts/build-release).
release: deps
	scripts/build-release

# Proves the tarball runs `secmon validate` with no Swift toolchain (see scripts/check-release).
release-check: release
	scripts/check-release

# The release binary and shell completions under $(DESTDIR)$(PREFIX).
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 .build/dist/current/bin/secmon $(DESTDIR)$(PREFIX)/bin/secmon
	.build/dist/current/bin/secmon --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/secmon
	.build/dist/current/bin/secmon --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_secmon
	.build/dist/current/bin/secmon --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/secmon.fish
	@echo "installed $(DESTDIR)$(PREFIX)/bin/secmon"

# libFuzzer over everything that reads user input, FUZZ_SECONDS (default 60) per target;
# not part of `make test` (docs/fuzzing.md).
fuzz: deps
	@scripts/fuzz

# Regenerates the embedded, trimmed botocore models (Sources/AWSClient/Generated) from the
# installed botocore and scripts/codegen/operations.json. A test fails when they are stale.
models:
	python3 scripts/codegen/generate-models.py

clean:
	rm -rf .build .local dist
