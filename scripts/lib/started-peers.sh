# Sourced by the scripts that start real peers (ci-peers.sh, peer-results.sh,
# trophies.sh): each peer a script starts is recorded in started
# (started+=(NAME)) and stopped by PID on exit, even on failure
# (scripts/peers/stop.sh).
started=()
# shellcheck disable=SC2317 # called by the EXIT trap
stop_started() {
	local p
	for p in "${started[@]+"${started[@]}"}"; do
		scripts/peers/stop.sh "$p" >/dev/null 2>&1 || true
	done
}
trap stop_started EXIT
