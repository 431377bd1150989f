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

# TERM everything first, then wait for all together: stopping is parallel.
names=() pids=()
for peer in "${peers[@]+"${peers[@]}"}"; do
	pidfile=$(peer_dir "$peer")/pid
	if ! pid_alive "$pidfile"; then
		rm -f "$pidfile"
		echo "$peer not running"
		continue
	fi
	names+=("$peer")
	pids+=("$(cat "$pidfile")")
	kill -TERM "${pids[-1]}" 2>/dev/null || true
done
for ((i = 0; i < 50; i++)); do
	alive=0
	for pid in "${pids[@]+"${pids[@]}"}"; do
		if kill -0 "$pid" 2>/dev/null; then alive=1; fi
	done
	((alive)) || break
	sleep 0.1
done
for j in "${!names[@]}"; do
	if kill -0 "${pids[j]}" 2>/dev/null; then
		kill -KILL "${pids[j]}" 2>/dev/null || true
	fi
	rm -f "$(peer_dir "${names[j]}")/pid"
	echo "${names[j]} stopped"
done
