package oracle

import "fmt"

// Matrix records which implementations agree with which: for every pair of
// targets of the same side, on how many of the cases both saw their core
// decisions (switched or not, status class, Accept correct, fate) were
// equal. The reference is the column "reference": the cases on which the
// target showed no divergence.
type Matrix struct {
	Targets []string `json:"targets"`
	// Agree[i][j] and Seen[i][j] count the cases targets i and j agreed on
	// and both saw; the last column is the reference.
	Agree [][]int `json:"agree"`
	Seen  [][]int `json:"seen"`
}

// core is the part of a decision compared across implementations; the
// selected subprotocol and extensions depend on each one's configuration.
type core struct {
	Switched    bool
	StatusClass int
	AcceptOK    bool
	Fate        Fate
}

func coreOf(d Decision) core { return core{d.Switched, d.StatusClass, d.AcceptOK, d.Fate} }

func newMatrix(targets []string) *Matrix {
	m := &Matrix{Targets: targets}
	n := len(targets) + 1
	m.Agree, m.Seen = make([][]int, n-1), make([][]int, n-1)
	for i := range m.Agree {
		m.Agree[i], m.Seen[i] = make([]int, n), make([]int, n)
	}
	return m
}

// caseRow is the judgements of one case, indexed like Matrix.Targets; nil
// where the target did not see the case.
type caseRow []*Judgement

// add counts one case.
func (m *Matrix) add(row caseRow) {
	ref := len(m.Targets)
	for i, a := range row {
		if a == nil {
			continue
		}
		m.Seen[i][ref]++
		if len(a.Divergences) == 0 {
			m.Agree[i][ref]++
		}
		for j, b := range row {
			if b == nil {
				continue
			}
			m.Seen[i][j]++
			if coreOf(a.Got) == coreOf(b.Got) {
				m.Agree[i][j]++
			}
		}
	}
}

// Ratio returns the share of cases on which i and j agreed (j ==
// len(Targets) for the reference), or -1 when they saw none in common.
func (m *Matrix) Ratio(i, j int) float64 {
	if m.Seen[i][j] == 0 {
		return -1
	}
	return float64(m.Agree[i][j]) / float64(m.Seen[i][j])
}

// CaseDecisions records what every target of a side decided on one case,
// the rows behind the matrix: "switched", "refused 4xx", "closed", "hung",
// "open", "failed", ...
type CaseDecisions struct {
	Case      string            `json:"case"`
	Decisions map[string]string `json:"decisions"`
	// Split reports that targets serving the same protocol (or clients)
	// did not all decide alike.
	Split bool `json:"split"`
}

// short names a decision in a word or two.
func short(d Decision) string {
	switch {
	case d.StatusClass > 0 && !d.Switched:
		return fmt.Sprintf("refused %dxx", d.StatusClass)
	case d.Fate != "":
		return string(d.Fate)
	}
	return "?"
}

// decisionsOf summarizes a complete row. Targets are compared within
// their protocol: an h2c server refusing a WebSocket handshake is no split.
func decisionsOf(c Case, targets []*target, row caseRow) CaseDecisions {
	cd := CaseDecisions{Case: c.Name, Decisions: map[string]string{}}
	first := map[string]string{} // by protocol
	for i, j := range row {
		if j == nil {
			continue
		}
		t := targets[i]
		s := short(j.Got)
		cd.Decisions[t.name] = s
		if f, ok := first[t.protocol]; !ok {
			first[t.protocol] = s
		} else if s != f {
			cd.Split = true
		}
	}
	return cd
}
