# PayDesk — quick start: `make demo`, `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local
DEBIAN_PACKAGES = pkg-config zlib1g-dev libncursesw5-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev libqrencode-dev zbar-tools tmux
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build release demo test bench install completions man check-sanitizers clean

## deps: install the Debian packages PayDesk needs, only when one is missing.
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product paydesk

## demo: open the console on the built-in simulator (SANDBOX).
demo: build
	$$($(SWIFT) build --show-bin-path)/paydesk

## test: the whole test suite (unit, loopback integration, terminal).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: release build of the bench program and of paydesk (cold start), then every benchmark or $(BENCH).
bench: deps
	$(SWIFT) build -c release --product paydesk-bench
	$(SWIFT) build -c release --product paydesk
	$$($(SWIFT) build -c release --show-bin-path)/paydesk-bench $(BENCH)

## install: release build (static Swift runtime, stripped) into PREFIX/bin, themes into PREFIX/share/paydesk/themes.
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/paydesk/themes
	install -m 0755 $$($(SWIFT) build -c release --show-bin-path)/paydesk $(DESTDIR)$(PREFIX)/bin/paydesk
	strip $(DESTDIR)$(PREFIX)/bin/paydesk
	install -m 0644 themes/*.toml $(DESTDIR)$(PREFIX)/share/paydesk/themes/

## completions: bash, zsh and fish completion scripts generated from the command definitions.
completions: build
	mkdir -p docs/completions
	for shell in bash zsh fish; do \
		$$($(SWIFT) build --show-bin-path)/paydesk --generate-completion-script $$shell > docs/completions/paydesk.$$shell; \
	done

## man: paydesk.1 from the command definitions (swift-argument-parser's generate-manual plugin, debug build).
man: deps
	$(SWIFT) package generate-manual --configuration debug
	mkdir -p docs/man
	cp .build/plugins/GenerateManual/outputs/paydesk/paydesk.1 docs/man/paydesk.1

check-sanitizers: deps
	$(SWIFT) test --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

clean:
	rm -rf .build .build-*
