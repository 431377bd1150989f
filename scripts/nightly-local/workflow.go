package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// workflow is the part of a GitHub Actions workflow file this runner
// reads; everything else in the file is ignored.
type workflow struct {
	Env      map[string]string `yaml:"env"`
	Defaults struct {
		Run struct {
			Shell string `yaml:"shell"`
		} `yaml:"run"`
	} `yaml:"defaults"`
	Jobs yaml.Node `yaml:"jobs"` // a mapping, read in file order
}

// job is one job of the workflow.
type job struct {
	Name      string            `yaml:"name"`
	Needs     stringList        `yaml:"needs"`
	If        string            `yaml:"if"`
	RunsOn    string            `yaml:"runs-on"`
	Timeout   float64           `yaml:"timeout-minutes"`
	Env       map[string]string `yaml:"env"`
	Container struct {
		Image   string `yaml:"image"`
		Options string `yaml:"options"`
	} `yaml:"container"`
	Strategy struct {
		Matrix yaml.Node `yaml:"matrix"`
	} `yaml:"strategy"`
	Steps []step `yaml:"steps"`
}

// step is one step of a job: a run script or an action.
type step struct {
	Name       string            `yaml:"name"`
	If         string            `yaml:"if"`
	Run        string            `yaml:"run"`
	Shell      string            `yaml:"shell"`
	Uses       string            `yaml:"uses"`
	With       map[string]string `yaml:"with"`
	Env        map[string]string `yaml:"env"`
	WorkingDir string            `yaml:"working-directory"`
}

// title is how the step is shown: its name, else its action or script.
func (s step) title() string {
	switch {
	case s.Name != "":
		return s.Name
	case s.Uses != "":
		return s.Uses
	}
	return strings.SplitN(s.Run, "\n", 2)[0]
}

// stringList is a YAML value that may be one string or a list of them
// (needs: a or needs: [a, b]).
type stringList []string

// UnmarshalYAML accepts a scalar or a sequence of scalars.
func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = stringList{n.Value}
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*l = s
	return nil
}

// instance is one job as the workflow runs it: a matrix entry of a job
// (or the job itself when it has no matrix), with its name expanded.
type instance struct {
	ID     string // the job's key in the workflow
	Name   string // its expanded name
	Job    job
	Matrix map[string]string
}

// readWorkflow parses the workflow file and expands every job's matrix,
// in the order the file lists them.
func readWorkflow(path string) (*workflow, []instance, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var wf workflow
	if err := yaml.Unmarshal(b, &wf); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if wf.Jobs.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("%s: no jobs", path)
	}
	var out []instance
	for i := 0; i+1 < len(wf.Jobs.Content); i += 2 {
		id := wf.Jobs.Content[i].Value
		var j job
		if err := wf.Jobs.Content[i+1].Decode(&j); err != nil {
			return nil, nil, fmt.Errorf("%s: job %s: %w", path, id, err)
		}
		combos, err := expandMatrix(&j.Strategy.Matrix)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: job %s: %w", path, id, err)
		}
		for _, m := range combos {
			in := instance{ID: id, Job: j, Matrix: m}
			in.Name = id
			if j.Name != "" {
				name, err := expand(j.Name, exprContext{matrix: m})
				if err != nil {
					return nil, nil, fmt.Errorf("%s: job %s: name: %w", path, id, err)
				}
				in.Name = name
			}
			out = append(out, in)
		}
	}
	return &wf, out, nil
}

// expandMatrix returns every combination of a matrix's lists, the last
// key varying fastest, as GitHub orders them; one empty combination for
// no matrix. include and exclude are not used by the nightly, so they are
// refused rather than half-understood.
func expandMatrix(n *yaml.Node) ([]map[string]string, error) {
	combos := []map[string]string{{}}
	if n.Kind == 0 {
		return combos, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("matrix: not a mapping")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i].Value
		if key == "include" || key == "exclude" {
			return nil, fmt.Errorf("matrix: %s is not supported by nightly-local", key)
		}
		var vals []string
		if err := n.Content[i+1].Decode(&vals); err != nil {
			return nil, fmt.Errorf("matrix %s: %w", key, err)
		}
		var next []map[string]string
		for _, c := range combos {
			for _, v := range vals {
				m := map[string]string{key: v}
				for k, x := range c {
					m[k] = x
				}
				next = append(next, m)
			}
		}
		combos = next
	}
	return combos, nil
}

// exprContext holds the values an expression may name.
type exprContext struct {
	matrix map[string]string
	env    map[string]string
	inputs map[string]string // workflow_dispatch inputs given with --input
}

var exprRE = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// expand replaces every ${{ ... }} of s. It understands what the nightly
// uses and nothing more: matrix.K, env.K, inputs.K, secrets.K and vars.K
// (empty here), 'literals', and a || b. Anything else is an error, so a
// workflow change this runner cannot follow is never skipped silently.
func expand(s string, c exprContext) (string, error) {
	var first error
	out := exprRE.ReplaceAllStringFunc(s, func(m string) string {
		v, err := eval(exprRE.FindStringSubmatch(m)[1], c)
		if err != nil && first == nil {
			first = err
		}
		return v
	})
	return out, first
}

var (
	refRE     = regexp.MustCompile(`^(matrix|env|inputs|secrets|vars)\.([A-Za-z0-9_-]+)$`)
	literalRE = regexp.MustCompile(`^'([^']*)'$`)
)

func eval(expr string, c exprContext) (string, error) {
	for _, alt := range strings.Split(expr, "||") {
		alt = strings.TrimSpace(alt)
		var v string
		if m := literalRE.FindStringSubmatch(alt); m != nil {
			v = m[1]
		} else if m := refRE.FindStringSubmatch(alt); m != nil {
			switch m[1] {
			case "matrix":
				var ok bool
				if v, ok = c.matrix[m[2]]; !ok {
					return "", fmt.Errorf("${{ %s }}: no matrix key %s", expr, m[2])
				}
			case "env":
				v = c.env[m[2]]
			case "inputs":
				v = c.inputs[m[2]]
			case "secrets", "vars":
				// No secrets or repository variables here.
			}
		} else {
			return "", fmt.Errorf("${{ %s }}: an expression nightly-local does not evaluate", expr)
		}
		if v != "" {
			return v, nil
		}
	}
	return "", nil
}
