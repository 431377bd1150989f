// Package oracle is Switchyard's differential oracle: it sends the same
// opening handshakes to many real implementations of the HTTP/1.1 Upgrade
// mechanism, records what each one did on the wire, and judges each
// decision against the strict reference (package parser).
//
// The data flows in one direction (DESIGN.md principle 5):
//
//	Case ─► Server or Client under test ─► Observation ─► Judge ─► Finding
//
// An [Observation] is only what happened: the raw bytes each side sent and
// the connection's [Fate]. [Judge] decides afterwards what it means, so a
// stored observation can be judged again when the reference improves. A
// divergence from the reference becomes a [Finding] with the catalogue rule
// it breaks and a [Class] taken from that rule's level: a violation is only
// ever an RFC MUST, a policy finding only ever a Switchyard strict decision.
//
// Implementations are plugged in as [ServerImpl] and [ClientImpl] values
// (package oracle/adapters holds the in-process ones, one file each, and
// [TCPTarget] any server listening on a socket). [Run] drives them all,
// deduplicates findings by (implementation, rule, class, cause), minimizes
// each one to a small reproducer that still holds its cause, appends it to
// a log the moment it is found, and keeps the matrix of which
// implementations agree with which. [Judge] is package judge's, the one
// judge every mode of diff and suite shares (docs/judging.md).
package oracle
