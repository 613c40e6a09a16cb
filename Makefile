# The two commands of the README. Both install what they need first (.ci/setup).
.PHONY: run test release bench

# Build and start the app with demo data on SQLite: http://127.0.0.1:3000 (boss / boss1234).
run:
	@started=$$(date +%s); bash .ci/setup && \
	  ZG_STARTED_AT=$$started ZG_DEMO=1 PATH="$$HOME/.cargo/bin:$$PATH" cargo leptos serve --split

# Every test: unit and db tests on SQLite and PostgreSQL, then the browser journeys.
test:
	bash .ci/test

# An optimised build for deployment: target/release/server and target/site.
release:
	bash .ci/setup
	PATH="$$HOME/.cargo/bin:$$PATH" cargo leptos build --release --split --precompress

# The benchmark report (1M generated orders, SQLite and PostgreSQL): target/bench/report.md.
bench:
	bash .ci/bench
