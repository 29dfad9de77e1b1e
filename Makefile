# cipherplan — build, serve and test. `make serve` and `make test` are all a newcomer needs:
# both install what they use (scripts/setup.sh is idempotent and fast when all is present).
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CARGO_TERM_COLOR ?= never

# Each part of the test suite registers itself in TEST_PARTS from its own mk/*.mk fragment,
# so parts can be run alone while iterating (`make test-core`, `make test-iac`, ...).
TEST_PARTS := lint test-core test-cli
include $(sort $(wildcard mk/*.mk))

.PHONY: help setup serve build test lint test-core test-cli bench clean

help:
	@echo "make serve   build the app and serve it on http://127.0.0.1:8080 (reference design loaded)"
	@echo "make test    install what is missing, then run every test: $(TEST_PARTS)"
	@echo "make setup   only the installs (Rust wasm target, trunk, wasm-bindgen-cli, wasm-opt, chromium, node/python tools)"

setup:
	@bash scripts/setup.sh

build: setup
	trunk build --release

serve: setup
	trunk serve --release --address 127.0.0.1 --port 8080 --open=false

test: setup
	@set -e; for part in $(TEST_PARTS); do echo "=== make $$part"; $(MAKE) --no-print-directory $$part; done
	@echo "=== all test parts passed: $(TEST_PARTS)"

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	# The core's library ships to the browser too; its tests and benches are native only.
	cargo clippy -p cipherplan --lib --locked --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p cipherplan-web --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p cipherplan-worker --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
	# Doc comments are part of the code: broken or ambiguous intra-doc links fail the build.
	# The CLI apart: its binary and the core's library are both named `cipherplan`, and one
	# cargo doc run over both warns that their pages collide.
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --exclude cipherplan-cli --no-deps --locked
	RUSTDOCFLAGS="-D warnings" cargo doc -p cipherplan-cli --no-deps --locked

test-core:
	cargo test -p cipherplan --locked

test-cli:
	cargo test -p cipherplan-cli --locked

bench:
	cargo bench -p cipherplan --locked

clean:
	cargo clean; rm -rf dist
