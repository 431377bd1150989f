package probe

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/proptest"
	"github.com/switchyard/switchyard/rules"
)

// TestSettingProbesDeep runs every setting probe on many draws: a probe
// that passes only on some draws would make the coverage table flaky.
func TestSettingProbesDeep(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 30
	}
	r := rand.New(rand.NewSource(proptest.Seed()))
	for _, p := range settingProbes(referenceJudge()) {
		for i := 0; i < n; i++ {
			if err := p.Check(r); err != nil {
				t.Errorf("%s, draw %d: %v", p.Name, i, err)
				break
			}
		}
	}
}

// TestSettingProbesCanFail shows that each setting probe fails against a
// judge that catches nothing, one that catches everything, and one that
// cites the rule with the recipient role: a probe passes only when the
// reference tells the unbroken instance from the broken one.
func TestSettingProbesCanFail(t *testing.T) {
	ref := referenceJudge()
	var cite rules.ID
	var role parser.Role
	everything := func() parser.Verdict {
		return parser.Verdict{Violations: []parser.Violation{{Rule: cite, Level: rules.LevelOf(cite), Role: role, Field: "head", Length: 1, Message: "judged"}}}
	}
	judges := []struct {
		name     string
		request  func(*parser.Endpoint, *parser.Request) parser.Verdict
		response func(*parser.Endpoint, *parser.Request, *parser.Response) parser.Verdict
		role     parser.Role
		want     string
	}{
		{"blind",
			func(*parser.Endpoint, *parser.Request) parser.Verdict { return parser.Verdict{} },
			func(*parser.Endpoint, *parser.Request, *parser.Response) parser.Verdict { return parser.Verdict{} },
			parser.Sender, "not caught"},
		{"catches everything",
			func(*parser.Endpoint, *parser.Request) parser.Verdict { return everything() },
			func(*parser.Endpoint, *parser.Request, *parser.Response) parser.Verdict { return everything() },
			parser.Sender, "unbroken"},
		{"wrong role",
			func(ep *parser.Endpoint, req *parser.Request) parser.Verdict {
				v := ref.request(ep, req)
				for i := range v.Violations {
					v.Violations[i].Role = parser.Recipient
				}
				return v
			},
			func(ep *parser.Endpoint, req *parser.Request, resp *parser.Response) parser.Verdict {
				v := ref.response(ep, req, resp)
				for i := range v.Violations {
					v.Violations[i].Role = parser.Recipient
				}
				return v
			},
			parser.Recipient, "wrong level, role"},
	}
	r := rand.New(rand.NewSource(proptest.Seed()))
	for _, j := range judges {
		role = j.role
		for _, p := range settingProbes(settingJudge{request: j.request, response: j.response}) {
			cite = p.Rule
			err := p.Check(r)
			if err == nil || !strings.Contains(err.Error(), j.want) {
				t.Errorf("%s judge: probe %s: got %v, want an error saying %q", j.name, p.Name, err, j.want)
			}
		}
	}
}

// TestSettingProbeKinds: every setting probe is of KindSetting and its rule
// is counted by the coverage table.
func TestSettingProbeKinds(t *testing.T) {
	for _, p := range settingProbes(referenceJudge()) {
		r, ok := rules.Lookup(p.Rule)
		if p.Kind != KindSetting || !ok || !InCoverage(r) {
			t.Errorf("%s: kind %s, rule %s (in the table: %v)", p.Name, p.Kind, p.Rule, ok && InCoverage(r))
		}
	}
}
