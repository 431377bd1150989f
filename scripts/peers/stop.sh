#!/usr/bin/env bash
# Stop peers started by start.sh, by the PID in their pid file.
#
#   scripts/peers/stop.sh [PEER...]     (no argument: every peer with a pid file)
#
# SIGTERM, then up to ~5 s for it to exit, then SIGKILL. Never kills by name.
set -euo pipefail
# shellcheck source=scripts/peers/lib.sh
source "$(dirname "$0")/lib.sh"

peers=("$@")
if ((${#peers[@]} == 0)); then
	for f in "$WORK_DIR"/peers/*/pid; do
		[[ -e $f ]] || continue
		peers+=("$(basename "$(dirname "$f")")")
	done
fi

for peer in "${peers[@]+"${peers[@]}"}"; do
	pidfile=$(peer_dir "$peer")/pid
	if ! pid_alive "$pidfile"; then
		rm -f "$pidfile"
		echo "$peer not running"
		continue
	fi
	pid=$(cat "$pidfile")
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 50; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile"
	echo "$peer stopped"
done
