// Package junit writes JUnit XML, as CI dashboards read it: one
// <testsuites> document holding test suites, each a list of test cases
// that passed, failed, erred or were skipped. fuzzrun's fuzz, diff and
// suite reports share it.
package junit

import (
	"encoding/xml"
	"os"
	"path/filepath"
)

// Suite is one <testsuite>: its counts are derived from its cases.
type Suite struct {
	Name      string
	Time      float64 // seconds
	Timestamp string  // RFC 3339 without zone, as JUnit has it; "" for none
	Cases     []Case
}

// Case is one <testcase>. At most one of Failure, Error and Skipped is
// set; none means it passed.
type Case struct {
	Classname string
	Name      string
	Time      float64 // seconds
	Failure   *Problem
	Error     *Problem
	Skipped   *Problem
	SystemOut string
}

// Problem is a failure, an error or a skip: a one-line message, a type and
// the full text.
type Problem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

type document struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Time     float64  `xml:"time,attr"`
	Suites   []suite  `xml:"testsuite"`
}

type suite struct {
	Name      string     `xml:"name,attr"`
	Tests     int        `xml:"tests,attr"`
	Failures  int        `xml:"failures,attr"`
	Errors    int        `xml:"errors,attr"`
	Skipped   int        `xml:"skipped,attr"`
	Time      float64    `xml:"time,attr"`
	Timestamp string     `xml:"timestamp,attr,omitempty"`
	Cases     []testcase `xml:"testcase"`
}

type testcase struct {
	Classname string   `xml:"classname,attr"`
	Name      string   `xml:"name,attr"`
	Time      float64  `xml:"time,attr"`
	Failure   *Problem `xml:"failure,omitempty"`
	Error     *Problem `xml:"error,omitempty"`
	Skipped   *Problem `xml:"skipped,omitempty"`
	SystemOut string   `xml:"system-out,omitempty"`
}

// Marshal returns the JUnit XML document named name holding suites.
func Marshal(name string, suites ...Suite) ([]byte, error) {
	doc := document{Name: name}
	for _, s := range suites {
		out := suite{Name: s.Name, Time: s.Time, Timestamp: s.Timestamp, Tests: len(s.Cases)}
		for _, c := range s.Cases {
			switch {
			case c.Failure != nil:
				out.Failures++
			case c.Error != nil:
				out.Errors++
			case c.Skipped != nil:
				out.Skipped++
			}
			out.Cases = append(out.Cases, testcase(c))
		}
		doc.Tests += out.Tests
		doc.Failures += out.Failures
		doc.Errors += out.Errors
		doc.Time += out.Time
		doc.Suites = append(doc.Suites, out)
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}

// Write writes the document to path, creating its directory.
func Write(path, name string, suites ...Suite) error {
	b, err := Marshal(name, suites...)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// Report is a JUnit document as read back: its totals and suites.
type Report struct {
	Name                    string
	Tests, Failures, Errors int
	Suites                  []Suite
}

// Read parses a JUnit XML document, as Marshal writes it.
func Read(b []byte) (*Report, error) {
	var doc document
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	r := &Report{Name: doc.Name, Tests: doc.Tests, Failures: doc.Failures, Errors: doc.Errors}
	for _, s := range doc.Suites {
		out := Suite{Name: s.Name, Time: s.Time, Timestamp: s.Timestamp}
		for _, c := range s.Cases {
			out.Cases = append(out.Cases, Case(c))
		}
		r.Suites = append(r.Suites, out)
	}
	return r, nil
}
