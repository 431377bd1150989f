package campaign

import (
	"strings"
	"testing"
)

func TestViewLog(t *testing.T) {
	var b strings.Builder
	a := &TargetResult{Name: "FuzzA", Status: StatusRunning}
	v := &view{w: &b, targets: []*TargetResult{a}}
	v.show(a)
	if b.Len() != 0 {
		t.Errorf("log view printed %q for a running target; want nothing until it ends", b.String())
	}
	a.Status, a.Execs, a.ExecsPerSec, a.Corpus, a.NewInteresting = StatusOK, 1234, 411, 40, 5
	v.show(a)
	fields := strings.Fields(b.String())
	want := []string{"FuzzA", "ok", "0.0s", "1234", "411", "40", "5", "0"}
	if strings.Join(fields, " ") != strings.Join(want, " ") || strings.Count(b.String(), "\n") != 1 {
		t.Errorf("log view printed %q; want one line %v", b.String(), want)
	}
}

func TestViewLive(t *testing.T) {
	var b strings.Builder
	a := &TargetResult{Name: "FuzzA", Status: StatusRunning}
	c := &TargetResult{Name: "FuzzB", Status: StatusPending}
	v := &view{w: &b, live: true, targets: []*TargetResult{a, c}}
	v.show(a)
	first := b.String()
	if strings.Contains(first, "\x1b[3A") || strings.Count(first, "\n") != 3 || !strings.Contains(first, "EXECS/S") {
		t.Errorf("first frame %q; want a header and two rows, no cursor move", first)
	}
	a.Execs = 99
	v.show(a)
	second := strings.TrimPrefix(b.String(), first)
	if !strings.HasPrefix(second, "\x1b[3A") || !strings.Contains(second, " 99 ") {
		t.Errorf("second frame %q; want the table redrawn in place with the new count", second)
	}
}
