// Package seedgen keeps fuzz/testdata/generated/ in step with the
// properties package's generators and with corpus/index.json. The fuzz targets are seeded with
// generated handshakes (properties.Cases and properties.ResponseCases, seed
// 1), but package fuzz must not link properties: its generators (gopter)
// would be instrumented with the targets and cost every execution of every
// target (docs/fuzzing.md). So the cases are written to files that package
// fuzz reads, and this package's test fails when the files are stale. The
// same holds for corpus/index.json, which package fuzz would need
// encoding/json to read: its kind, file and request columns are written to
// fuzz.CaptureIndex. To rewrite the files:
//
//	go test ./fuzz/internal/seedgen -update
package seedgen
