# Shortcuts for the scripts; the scripts are the source of truth.
.PHONY: serve test bench
serve:
	scripts/serve
test:
	scripts/test
bench:
	scripts/bench
