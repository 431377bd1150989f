#!/usr/bin/env bash
# Run the nightly workflow's jobs on this machine, step by step as
# .github/workflows/nightly.yml says (scripts/nightly-local/main.go reads
# the workflow; docs/nightly.md).
#
#   scripts/nightly-local.sh [--short] [--job ID]... [--input NAME=VALUE]... [--dry-run]
#
# --short sets the workflow's inputs fuzz_duration=20s and diff_duration=60s,
# as "Run workflow" with those values would on GitHub. The peer jobs run in
# debian:bookworm there; here they need Debian bookworm and root.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
for a in "$@"; do
	if [[ $a == --short ]]; then
		args+=(--input fuzz_duration=20s --input diff_duration=60s)
	else
		args+=("$a")
	fi
done
exec go run ./scripts/nightly-local "${args[@]+"${args[@]}"}"
