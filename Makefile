# PayDesk — quick start: `make demo`, `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local
DEBIAN_PACKAGES = pkg-config zlib1g-dev libncursesw5-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev libqrencode-dev zbar-tools tmux
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build release demo test bench crash-run fault-run install completions man check-sanitizers fuzz-build fuzz clean

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

## bench: release build of the bench program and of paydesk (ingest, cold start), then every benchmark or
## $(BENCH) (e.g. BENCH="notify ingest").
bench: deps
	$(SWIFT) build -c release --product paydesk-bench
	$(SWIFT) build -c release --product paydesk
	$$($(SWIFT) build -c release --show-bin-path)/paydesk-bench $(BENCH)

## crash-run: SIGKILL `paydesk serve` at random points of a 10,000-notification storm from the simulator.
crash-run: deps
	$(SWIFT) build -c release --product paydesk-bench
	$(SWIFT) build -c release --product paydesk
	$$($(SWIFT) build -c release --show-bin-path)/paydesk-bench crash

## fault-run: the fault profiles of FaultRunTests with FAULT_ORDERS orders each (docs/hardening-faults.md), one
## process per profile; prints one JSON line of figures per profile, fails when PayDesk and the simulator disagree.
FAULT_ORDERS ?= 300
FAULT_PROFILES ?= systemErrorAt20Percent http5xxAt20Percent notificationsDropped notificationsDuplicatedFiveTimes \
	notificationsReordered notifyURLTimingOut
fault-run: deps
	$(SWIFT) build --build-tests
	@status=0; : > .build/fault-run.log; for profile in $(FAULT_PROFILES); do \
		PAYDESK_FAULT_ORDERS=$(FAULT_ORDERS) $(SWIFT) test --skip-build --filter "FaultRunTests/$$profile" \
			> .build/fault-run-$$profile.log 2>&1 || { status=1; echo "$$profile FAILED (.build/fault-run-$$profile.log)"; }; \
		cat .build/fault-run-$$profile.log >> .build/fault-run.log; grep '^fault-run ' .build/fault-run-$$profile.log; \
	done; echo "full log: .build/fault-run.log"; exit $$status

## install: release build (static Swift runtime, stripped) into PREFIX/bin, themes into PREFIX/share/paydesk/themes,
## the manual page (docs/man/paydesk.1, from `make man`) and the shell completions (docs/completions, from
## `make completions`) where man and the shells look. DESTDIR stages the tree for packaging.
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/paydesk/themes $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/paydesk" $(DESTDIR)$(PREFIX)/bin/paydesk
	strip $(DESTDIR)$(PREFIX)/bin/paydesk
	install -m 0644 themes/*.toml $(DESTDIR)$(PREFIX)/share/paydesk/themes/
	install -m 0644 docs/man/paydesk.1 $(DESTDIR)$(PREFIX)/share/man/man1/paydesk.1
	install -m 0644 docs/completions/paydesk.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/paydesk
	install -m 0644 docs/completions/paydesk.zsh $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_paydesk
	install -m 0644 docs/completions/paydesk.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/paydesk.fish

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

## check-sanitizers: the whole test suite under AddressSanitizer (with LeakSanitizer), then ThreadSanitizer, each in its
## own build folder. The end-to-end and tmux tests spawn the sanitized `paydesk` built next to the tests, so it is checked too.
## Sanitized builds run several times slower, so PAYDESK_TEST_WAIT_SCALE=4 stretches the tests' bounded waits (TestWait).
## Every report, of the test runner and of each `paydesk` it starts, goes to a file in .build-asan/reports or
## .build-tsan/reports (log_path): a child's stderr is shown only when its test fails, and not every test checks how its
## children exited. The files are printed at the end, and any file fails the target.
## Suppressions (third-party code only, each with its reason) are in Tests/Sanitizers; docs/hardening.md has the runs.
ASAN_FLAGS = detect_leaks=1:abort_on_error=0
TSAN_FLAGS = halt_on_error=1:second_deadlock_stack=1
SANITIZER_ENV = PAYDESK_TEST_WAIT_SCALE=4 ASAN_OPTIONS=$(ASAN_FLAGS) LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/lsan.supp:print_suppressions=0 \
	TSAN_OPTIONS=$(TSAN_FLAGS)
check-sanitizers: deps
	$(SANITIZER_ENV) $(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	rm -rf .build-asan/reports && mkdir -p .build-asan/reports
	$(SANITIZER_ENV) ASAN_OPTIONS=$(ASAN_FLAGS):log_path=$(CURDIR)/.build-asan/reports/asan \
		$(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan; \
		status=$$?; cat .build-asan/reports/* 2>/dev/null; [ $$status = 0 ] && [ -z "$$(ls .build-asan/reports)" ]
	$(SANITIZER_ENV) $(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	rm -rf .build-tsan/reports && mkdir -p .build-tsan/reports
	$(SANITIZER_ENV) TSAN_OPTIONS=$(TSAN_FLAGS):log_path=$(CURDIR)/.build-tsan/reports/tsan \
		$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan; \
		status=$$?; cat .build-tsan/reports/* 2>/dev/null; [ $$status = 0 ] && [ -z "$$(ls .build-tsan/reports)" ]

## fuzz-build: libFuzzer targets Tests/Fuzz/<Name>/main.swift, outside the normal build: the library modules are built
## with coverage and AddressSanitizer into .build-fuzz (swift build --target, so no executable is linked), then each
## target is linked by swiftc -sanitize=fuzzer,address against their objects into .build-fuzz/fuzz/<Name>.
FUZZ_TARGETS = V3Notification V2XML Amount Configuration Theme
FUZZ_SCRATCH = .build-fuzz
FUZZ_BIN = $(FUZZ_SCRATCH)/x86_64-unknown-linux-gnu/debug
FUZZ_TIME ?= 600
FUZZ_SANITIZE = -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address -Xcxx -fsanitize=fuzzer-no-link,address
FUZZ_MODULE_MAPS = Sources/COpenSSL/module.modulemap Sources/CCurl/module.modulemap Sources/CZlib/module.modulemap \
	Sources/CNCursesW/module.modulemap Sources/CQREncode/module.modulemap $(FUZZ_BIN)/CCurlShim.build/module.modulemap \
	$(FUZZ_BIN)/CCursesShim.build/module.modulemap $(FUZZ_BIN)/CTOML.build/module.modulemap \
	$(FUZZ_SCRATCH)/checkouts/GRDB.swift/Sources/GRDBSQLite/module.modulemap
FUZZ_INCLUDES = -I $(FUZZ_BIN)/Modules -Xcc -I -Xcc Sources/CCurlShim/include -Xcc -I -Xcc Sources/CCursesShim/include \
	-Xcc -I -Xcc $(FUZZ_SCRATCH)/checkouts/TOMLKit/Sources/CTOML/include $(foreach map,$(FUZZ_MODULE_MAPS),-Xcc -fmodule-map-file=$(map))
FUZZ_MODULES = TerminalUI PayCore WeChatPay CCurlShim CCursesShim GRDB TOMLKit CTOML Logging
FUZZ_LIBS = -lssl -lcrypto -lcurl -lz -lsqlite3 -lncursesw -ltinfo -lqrencode -lstdc++
fuzz-build: deps
	$(SWIFT) build --scratch-path $(FUZZ_SCRATCH) --target TerminalUI $(FUZZ_SANITIZE)
	mkdir -p $(FUZZ_SCRATCH)/fuzz
	objects=$$(find $(foreach module,$(FUZZ_MODULES),$(FUZZ_BIN)/$(module).build) -name '*.o'); \
	for target in $(FUZZ_TARGETS); do \
		echo "linking $(FUZZ_SCRATCH)/fuzz/$$target"; \
		swiftc -swift-version 6 -parse-as-library -sanitize=fuzzer,address -use-ld=lld -g -module-name Fuzz$$target $(FUZZ_INCLUDES) \
			Tests/Fuzz/$$target/main.swift Tests/Fuzz/Shared/*.swift $$objects $(FUZZ_LIBS) \
			-o $(FUZZ_SCRATCH)/fuzz/$$target || exit 1; \
	done

## fuzz: runs every target for FUZZ_TIME seconds (default 600) under nice, two at a time with `make -j2 fuzz`.
## The seeds in Tests/Fuzz/<Name>/corpus are read; new inputs go to .build-fuzz/corpus/<Name>, crashes to .build-fuzz/crashes.
## One target: `make fuzz-Amount FUZZ_TIME=60`.
## Leaks: libFuzzer checks each input for leaks (-detect_leaks=1) and LeakSanitizer checks again at exit. The per-input
## check re-runs a full heap scan after any input that ends with more mallocs than frees, which is every input of the
## targets below (a Task freed after the callback returns; TOMLKit's suppressed leaks): they keep only the check at exit.
## TOMLKit never frees a parsed table (Tests/Sanitizers/lsan.supp), so the TOML targets grow by every input they run:
## the Theme target passed libFuzzer's default 2 GB after 84,917 inputs (~11 KB each) on a fast machine. Their limit is
## 8 GB, which 600 s at the rates seen (≤ 300 theme and ≤ 4,500 configuration inputs a second) stays under.
FUZZ_FLAGS_V3Notification = -detect_leaks=0
FUZZ_FLAGS_Configuration = -detect_leaks=0 -rss_limit_mb=8192
FUZZ_FLAGS_Theme = -detect_leaks=0 -rss_limit_mb=8192
fuzz: $(addprefix fuzz-,$(FUZZ_TARGETS))
fuzz-%: fuzz-build
	mkdir -p $(FUZZ_SCRATCH)/corpus/$* $(FUZZ_SCRATCH)/crashes
	$(SANITIZER_ENV) nice -n 10 $(FUZZ_SCRATCH)/fuzz/$* $(FUZZ_FLAGS_$*) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 -timeout=30 \
		-artifact_prefix=$(FUZZ_SCRATCH)/crashes/$*- $(FUZZ_SCRATCH)/corpus/$* Tests/Fuzz/$*/corpus \
		> $(FUZZ_SCRATCH)/fuzz-$*.log 2>&1; status=$$?; tail -n 30 $(FUZZ_SCRATCH)/fuzz-$*.log; exit $$status

clean:
	rm -rf .build .build-*
