# The encryption report as a reader sees it: `cipherplan report` writes the HTML report of the
# reference design and of a design whose labels are hostile, and tests/report/render.js opens
# both in headless Chromium (playwright-core from `npm ci`, Debian's chromium): no console
# error, no request, no script; every section present and filled; the diagram drawn at a
# readable size; hostile labels shown as text. Screenshots (PNG) and the A4 PDF land in
# tests/report/out/ (gitignored) for a person to look at.
TEST_PARTS += test-report

REPORT_OUT := tests/report/out
CIPHERPLAN_RUN := cargo run --quiet --locked -p cipherplan-cli --

.PHONY: test-report
test-report:
	@command -v node >/dev/null || { echo "test-report needs node (run make setup)"; exit 1; }
	@test -d node_modules/playwright-core || { echo "test-report needs playwright-core: run make setup (npm ci)"; exit 1; }
	@test -x /usr/bin/chromium || test -n "$$CHROMIUM" || { echo "test-report needs /usr/bin/chromium (run make setup)"; exit 1; }
	mkdir -p $(REPORT_OUT)
	$(CIPHERPLAN_RUN) template django-encrypted > $(REPORT_OUT)/django-encrypted.json
	$(CIPHERPLAN_RUN) report $(REPORT_OUT)/django-encrypted.json --format html --out $(REPORT_OUT)/django-encrypted.html
	$(CIPHERPLAN_RUN) report tests/report/hostile.cipherplan.json --format html --out $(REPORT_OUT)/hostile.html
	node tests/report/render.js $(REPORT_OUT)
