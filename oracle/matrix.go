package oracle

import "github.com/google/go-cmp/cmp"

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
			if cmp.Equal(coreOf(a.Got), coreOf(b.Got)) {
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
