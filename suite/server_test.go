package suite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/suite"
)

func runAgainst(t *testing.T, defect testpeers.Defect) []suite.Result {
	t.Helper()
	s, err := testpeers.NewServer(defect)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rs, err := suite.Run(context.Background(), suite.Target{Addr: s.Addr(), Path: "/chat"}, suite.Cases(), suite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// A strict server built on the parser passes every case that has a
// required answer; only the cases that allow either answer are recorded.
func TestStrictServerPassesEverything(t *testing.T) {
	for _, r := range runAgainst(t, testpeers.Strict) {
		want := suite.Pass
		if r.Want == suite.Either.String() {
			want = suite.Informational
		}
		if r.Outcome != want && !(r.Want == suite.Either.String() && r.Outcome == suite.Pass) {
			t.Errorf("%s: %s (%s: %s); want %s\nrequest %q\nresponse %q", r.Name, r.Outcome, r.Cited, r.Why, want, r.Request, r.Response)
		}
	}
}

// A server that switches on a malformed key fails exactly the key cases,
// citing the key rules.
func TestBadKeyServerFails(t *testing.T) {
	failed := map[string]rules.ID{}
	for _, r := range runAgainst(t, testpeers.AcceptBadKey) {
		if r.Outcome == suite.Fail {
			failed[r.Name] = r.Cited
		}
	}
	for _, name := range []string{"key/10-octets", "key/not-base64", "key/3-octets", "key/padding-missing"} {
		id, ok := failed[name]
		if !ok {
			t.Errorf("%s: not FAIL against a server that accepts bad keys", name)
			continue
		}
		if !strings.HasPrefix(string(id), "RFC6455-4.") {
			t.Errorf("%s: FAIL cites %s; want the key rule", name, id)
		}
	}
	for name := range failed {
		if !strings.Contains(name, "key") {
			t.Errorf("%s FAILs, but only the key is defective", name)
		}
	}
}
