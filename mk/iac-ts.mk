# CDK and Pulumi exports, proven with the real tools offline (issue 3, parts 3, 4 and 6):
# cdk synth + checkov + cfn-lint for every template, tsc + the generated Pulumi mock test,
# and tsc on a sample of hostile-name designs. See tests/iac-ts/proof.py.
TEST_PARTS += test-iac-ts
IAC_TS_OUT ?= $(CURDIR)/target/iac-ts

.PHONY: test-iac-ts
test-iac-ts:
	@bash scripts/setup.d/node-iac.sh
	rm -rf $(IAC_TS_OUT)
	IAC_TS_OUT=$(IAC_TS_OUT) cargo test -p cipherplan --locked --test export_cdk --test export_pulumi write_
	python3 tests/iac-ts/proof.py $(IAC_TS_OUT)
