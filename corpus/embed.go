// Package corpus holds Switchyard's captured handshakes — requests/ and
// responses/ from real clients, servers and proxies, with index.json
// saying where each came from — embedded, so that a fuzzrun installed
// with go install finds them from any directory.
package corpus

import "embed"

// FS is the corpus: index.json, requests/*.http and responses/*.http.
//
//go:embed index.json requests/*.http responses/*.http
var FS embed.FS
