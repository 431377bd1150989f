package campaign

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// IsTerminal reports whether w is a terminal, where fuzzrun fuzz shows a
// live table instead of a line per target.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// view shows the campaign as it runs: on a terminal a table redrawn at
// every change (one row per target: execs/s, corpus size, new coverage,
// crashers); elsewhere one quiet line per target when it ends.
type view struct {
	w       io.Writer
	live    bool
	targets []*TargetResult
	drawn   int // rows of the live table on screen
}

const rowFormat = "%-22s %-11s %7s %12s %10s %7s %6s %8s"

func header() string {
	return fmt.Sprintf(rowFormat, "TARGET", "STATUS", "TIME", "EXECS", "EXECS/S", "CORPUS", "NEW", "CRASHERS")
}

func row(t *TargetResult) string {
	return fmt.Sprintf(rowFormat, t.Name, t.Status, fmt.Sprintf("%.1fs", t.Elapsed),
		fmt.Sprint(t.Execs), fmt.Sprintf("%.0f", t.ExecsPerSec), fmt.Sprint(t.Corpus), fmt.Sprint(t.NewInteresting), fmt.Sprint(len(t.Crashers)))
}

// show is called after every change of t.
func (v *view) show(t *TargetResult) {
	if v.w == nil {
		return
	}
	if !v.live {
		switch t.Status {
		case StatusPending, StatusRunning:
		default:
			fmt.Fprintln(v.w, strings.TrimRight(row(t), " "))
		}
		return
	}
	var b strings.Builder
	if v.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", v.drawn)
	}
	lines := []string{header()}
	for _, t := range v.targets {
		lines = append(lines, row(t))
	}
	for _, l := range lines {
		b.WriteString("\r\x1b[2K" + l + "\n")
	}
	v.drawn = len(lines)
	io.WriteString(v.w, b.String())
}
