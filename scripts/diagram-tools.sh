#!/usr/bin/env bash
# Install the real parsers the state diagrams are checked with
# (go test ./statemachine -run TestDiagramsParse): Graphviz's dot from
# Debian, and the npm packages mermaid (its parser, mermaid.parse) and jsdom
# (the DOM it needs to run headless) into .work/npm/mermaid/node_modules.
# Idempotent; no network when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."
MERMAID_VERSION=12.4.0
JSDOM_VERSION=29.1.1
prefix=.work/npm/mermaid

if ! command -v dot >/dev/null; then
	if [[ $(id -u) != 0 ]]; then
		echo "diagram-tools: dot (Debian graphviz) is missing; run as root to install it" >&2
		exit 1
	fi
	DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends graphviz >/dev/null
fi
have() { node -p "require('./$prefix/node_modules/$1/package.json').version" 2>/dev/null || true; }
if [[ $(have mermaid) != "$MERMAID_VERSION" || $(have jsdom) != "$JSDOM_VERSION" ]]; then
	mkdir -p "$prefix"
	timeout 600 npm install --silent --no-audit --no-fund --no-save --prefix "$prefix" \
		"mermaid@$MERMAID_VERSION" "jsdom@$JSDOM_VERSION" >&2
fi
