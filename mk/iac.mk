# Proof of the Terraform and app exports with independent tools (issue 3): checkov on the
# Terraform of every template agrees with the validator, and the app files build. The venv
# (.venv: checkov, cfn-lint) comes from scripts/setup.d/python.sh; the test installs it itself
# when run alone, never skipping.
TEST_PARTS += test-iac

.PHONY: test-iac
test-iac:
	bash scripts/setup.d/python.sh
	cargo test -p cipherplan-cli --locked --features iac-proof --test iac -- --nocapture --test-threads 1
