//go:build ignore

// gen reads the rule catalogue (catalog.md) and writes catalog_gen.go:
// every rule ID with its level, keyword, subject, section, part and text, plus
// one Go constant per ID so that code cites rules the compiler can check.
//
//	go generate ./rules
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"

	"github.com/switchyard/switchyard/rules/internal/catalogmd"
)

func main() {
	in := flag.String("in", "catalog.md", "the rule catalogue")
	out := flag.String("out", "catalog_gen.go", "the Go file to write")
	flag.Parse()
	md, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	entries, err := catalogmd.Parse(md)
	if err != nil {
		log.Fatal(err)
	}
	src, err := catalogmd.Render(entries)
	if err != nil {
		log.Fatal(err)
	}
	src, err = format.Source(src)
	if err != nil {
		log.Fatal(err)
	}
	if old, err := os.ReadFile(*out); err == nil && bytes.Equal(old, src) {
		return
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "wrote %s: %d rules\n", *out, len(entries))
}
