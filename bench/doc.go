// Package bench measures Switchyard's parser against its peers on the same
// bytes, in the same run: net/http.ReadRequest (which parses but checks
// nothing of the upgrade) and gobwas/ws's Upgrader (which parses and
// upgrades, checking far less), each on three requests: a minimal
// handshake, Chromium's captured one and a 2 KB one with cookies. It lives
// apart from parser/ so that parser keeps importing only the standard
// library. scripts/bench-parser.sh runs it and writes docs/benchmarks.md.
package bench
