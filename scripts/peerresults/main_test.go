package main

import (
	"strings"
	"testing"

	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/suite"
)

// Every FAIL and NON-STRICT case appears, grouped by rule, with its
// reproducer; PASS cases are only counted.
func TestWriteGroupsDivergences(t *testing.T) {
	p := peer{label: "demo", version: "1.0", rep: report{Mode: "server",
		Counts: suite.Counts{suite.Pass: 1, suite.Fail: 2, suite.NonStrict: 1},
		Results: []result{
			{Name: "key/10-octets", Outcome: suite.Fail, Cited: rules.RFC6455_4_2_1_6, Request: []byte("GET /a HTTP/1.1\r\n\r\n")},
			{Name: "key/3-octets", Outcome: suite.Fail, Cited: rules.RFC6455_4_2_1_6},
			{Name: "upgrade/versioned", Outcome: suite.NonStrict, Cited: rules.AMB_9},
			{Name: "valid/minimal", Outcome: suite.Pass, Cited: rules.RFC6455_4_2_1_2},
		}}}
	var sb strings.Builder
	write(&sb, []peer{p})
	out := sb.String()
	for _, want := range []string{
		"| demo | server | 1.0 | 4 | 1 | 2 | 1 | 0 |",
		"**FAIL RFC6455-4.2.1-6**", "2 case(s): `key/10-octets`, `key/3-octets`",
		"**NON-STRICT AMB-9** (POLICY",
		`"GET /a HTTP/1.1\r\n"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "valid/minimal") {
		t.Errorf("a PASS case is listed as a divergence:\n%s", out)
	}
}
