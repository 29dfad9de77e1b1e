# The browser planner (issue 5): native unit tests of the app's pure modules, component tests
# in headless Chrome (wasm-bindgen-test), and Playwright end-to-end tests against a release
# build served on 127.0.0.1. `make bench-web` measures size and speed (not part of `make test`).
TEST_PARTS += test-web test-e2e

.PHONY: test-web test-e2e bench-web dist-release

# trunk and wasm-bindgen-test-runner must be the versions scripts/setup.sh installs.
test-web:
	cargo test -p cipherplan-web --locked
	cargo test -p cipherplan-web --locked --target wasm32-unknown-unknown

dist-release:
	trunk build --release

test-e2e: dist-release
	node tests/e2e/planner.mjs

bench-web: dist-release
	node scripts/bench-web.mjs
