# The two commands of the README:
#   make run    install what is missing, build (release), create the demo business, serve on :8080
#   make test   install what is missing, build (debug), run every test against SQLite and MariaDB
# Other targets: make build, make deps, make bench, make clean.

JOBS ?= 2
PKG_BUILD := scripts/packages-build.txt
PKG_TEST := scripts/packages-test.txt
RELEASE_DIR := build/release
DEBUG_DIR := build/debug

.PHONY: run test build build-debug deps deps-test bench clean

deps:
	@scripts/install-deps.sh $(PKG_BUILD)

deps-test:
	@scripts/install-deps.sh $(PKG_BUILD) $(PKG_TEST)

build: deps
	@scripts/check-tools.sh build
	@cmake --preset release -DATRIUM_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(RELEASE_DIR) -j $(JOBS)

build-debug: deps-test
	@scripts/check-tools.sh test
	@cmake --preset debug -DATRIUM_BUILD_TESTS=ON >/dev/null
	@cmake --build $(DEBUG_DIR) -j $(JOBS)

# The first-party plugins (two_factor, …) are offered from the build's plugins directory.
RUN_OPTIONS := --set plugins.dir=$(RELEASE_DIR)/plugins

run: build
	@$(RELEASE_DIR)/kernel/atrium $(RUN_OPTIONS) demo
	@echo
	@echo "Atrium is starting (Ctrl-C stops it):"
	@echo "  back office         http://127.0.0.1:8080/app/    (sign in with the owner login above)"
	@echo "  booking page        http://127.0.0.1:8080/b/demo"
	@echo "  installation admin  http://127.0.0.1:8080/admin/  (the installation admin login above)"
	@echo "  health              http://127.0.0.1:8080/healthz"
	@exec $(RELEASE_DIR)/kernel/atriumd $(RUN_OPTIONS)

test: build-debug
	@scripts/run-tests.sh $(DEBUG_DIR)

bench: deps-test
	@cmake --preset release -DATRIUM_BUILD_TESTS=ON -DATRIUM_BUILD_BENCH=ON >/dev/null
	@cmake --build $(RELEASE_DIR) -j $(JOBS) --target atriumd atrium bench_hook_dispatch bench_messages bench_poco_hello bench_privacy bench_purge
	@tests/bench/run.sh $(RELEASE_DIR)
	@tests/bench/booking_wrk.sh $(RELEASE_DIR)
	@tests/bench/privacy_bench.sh $(RELEASE_DIR)
	@tests/bench/purge_bench.sh $(RELEASE_DIR)

clean:
	rm -rf build
