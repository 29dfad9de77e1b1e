# The browser planner (issue 5): native unit tests of the app's pure modules, component tests
# in headless Chrome (wasm-bindgen-test), and Playwright end-to-end tests against a release
# build served on 127.0.0.1. `make bench-web` measures size and speed (not part of `make test`).
TEST_PARTS += test-web test-e2e

.PHONY: test-web test-e2e bench-web dist-release

# trunk and wasm-bindgen-test-runner must be the versions scripts/setup.sh installs.
test-web:
	cargo test -p cipherplan-web -p cipherplan-worker --locked
	cargo test -p cipherplan-web --locked --target wasm32-unknown-unknown

dist-release:
	trunk build --release

# Every test file in tests/e2e/ (harness.mjs is the shared harness, not a test).
E2E_TESTS := $(filter-out tests/e2e/harness.mjs,$(sort $(wildcard tests/e2e/*.mjs)))

test-e2e: dist-release
	set -e; for t in $(E2E_TESTS); do echo "== $$t"; node $$t; done

bench-web: dist-release
	node scripts/bench-web.mjs
