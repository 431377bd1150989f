// Command nightly-local runs the nightly workflow's jobs on this machine,
// step by step as .github/workflows/nightly.yml says: it reads the
// workflow, expands each job's matrix, and runs every job's steps in
// order (run: scripts under bash as GitHub does; each action by what it
// means here, see actions.go). Each job runs in a fresh clone of HEAD, as
// a runner's checkout would. A job in a debian:bookworm container runs
// here only if this machine is Debian bookworm and the user is root (a
// container's steps run as root). Jobs whose actions cannot run here
// (ClusterFuzzLite's Docker images) are listed as not run, with why.
//
//	go run ./scripts/nightly-local [--job ID]... [--input NAME=VALUE]... [--dry-run]
//
// --input sets a workflow_dispatch input, as "Run workflow" does on
// GitHub: --input fuzz_duration=20s --input diff_duration=1m shorten the
// run. Exit status: 0 every job run passed, 1 a job failed, 2 a usage
// error or a workflow this runner cannot follow.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// workflowPath is the workflow run, relative to the repository root.
const workflowPath = ".github/workflows/nightly.yml"

// defaultTimeout bounds a job that sets no timeout-minutes, as GitHub
// does (360 minutes).
const defaultTimeout = 360 * time.Minute

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nightly-local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var jobs, inputs listFlag
	fs.Var(&jobs, "job", "run only the job with this `ID` (repeatable; default: all)")
	fs.Var(&inputs, "input", "a workflow_dispatch input `NAME=VALUE` (repeatable)")
	dry := fs.Bool("dry-run", false, "print the jobs and steps that would run, and exit")
	work := fs.String("workdir", ".work/nightly-local", "`DIR` for the jobs' workspaces, artifacts and logs")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "nightly-local: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(stderr, "nightly-local:", err)
		return 2
	}
	in := map[string]string{}
	for _, kv := range inputs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			fmt.Fprintf(stderr, "nightly-local: --input %q: want NAME=VALUE\n", kv)
			return 2
		}
		in[k] = v
	}
	r, err := newRunner(root, filepath.Join(root, *work), in, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "nightly-local:", err)
		return 2
	}
	plan, err := r.plan(jobs)
	if err != nil {
		fmt.Fprintln(stderr, "nightly-local:", err)
		return 2
	}
	if *dry {
		r.printPlan(plan)
		return 0
	}
	return r.runAll(plan)
}

// repoRoot is the top of the git work tree holding the current directory.
func repoRoot() (string, error) {
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return "", fmt.Errorf("not in a git work tree: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// runner runs the planned jobs of one workflow.
type runner struct {
	root      string // the repository
	work      string // workspaces, artifacts, logs
	artifacts string // uploaded artifacts, by name
	wf        *workflow
	all       []instance
	inputs    map[string]string
	log       io.Writer
	head      string // the commit every job checks out, as a workflow run is of one commit
}

func newRunner(root, work string, inputs map[string]string, log io.Writer) (*runner, error) {
	wf, all, err := readWorkflow(filepath.Join(root, workflowPath))
	if err != nil {
		return nil, err
	}
	return &runner{root: root, work: work, artifacts: filepath.Join(work, "artifacts"), wf: wf, all: all, inputs: inputs, log: log}, nil
}

// jobRun is one planned job instance.
type jobRun struct {
	instance
	cannot string // why it cannot run here, if it cannot
	ws     string // its workspace
	env    map[string]string
	result string
	took   time.Duration
}

// plan picks the instances of the chosen jobs and checks that every step
// can be followed: known actions, expressions this runner evaluates.
func (r *runner) plan(only []string) ([]*jobRun, error) {
	var out []*jobRun
	for _, in := range r.all {
		if len(only) > 0 && !slices.Contains(only, in.ID) {
			continue
		}
		j := &jobRun{instance: in}
		j.ws = filepath.Join(r.work, "ws", wsName(in.Name))
		env, err := r.jobEnv(in)
		if err != nil {
			return nil, err
		}
		j.env = env
		if in.Job.If != "" && in.Job.If != "always()" {
			return nil, fmt.Errorf("job %s: if: %q is not understood by nightly-local", in.ID, in.Job.If)
		}
		for _, s := range in.Job.Steps {
			if s.If != "" && s.If != "always()" {
				return nil, fmt.Errorf("job %s: step %q: if: %q is not understood by nightly-local", in.ID, s.title(), s.If)
			}
			if s.Uses == "" {
				continue
			}
			a, ok := actions[actionName(s.Uses)]
			if !ok {
				return nil, fmt.Errorf("job %s: step %q: action %s is unknown to nightly-local (scripts/nightly-local/actions.go)", in.ID, s.title(), s.Uses)
			}
			if a.cannot != "" && j.cannot == "" {
				j.cannot = a.cannot
			}
		}
		if j.cannot == "" {
			for _, s := range in.Job.Steps {
				if _, err := r.stepText(j, s); err != nil {
					return nil, fmt.Errorf("job %s: step %q: %w", in.ID, s.title(), err)
				}
			}
			if img := in.Job.Container.Image; img != "" {
				if why := containerMismatch(img); why != "" {
					j.cannot = fmt.Sprintf("it runs in %s: %s", img, why)
				}
			}
		}
		out = append(out, j)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no job matches --job %s", strings.Join(only, ","))
	}
	return out, nil
}

// jobEnv is the workflow's env, then the job's, expressions evaluated.
func (r *runner) jobEnv(in instance) (map[string]string, error) {
	env := map[string]string{}
	for _, layer := range []map[string]string{r.wf.Env, in.Job.Env} {
		for k, v := range layer {
			x, err := expand(v, exprContext{matrix: in.Matrix, env: env, inputs: r.inputs})
			if err != nil {
				return nil, fmt.Errorf("job %s: env %s: %w", in.ID, k, err)
			}
			env[k] = x
		}
	}
	return env, nil
}

// stepText returns the step's run script, or its with: values joined,
// with every expression evaluated.
func (r *runner) stepText(j *jobRun, s step) (map[string]string, error) {
	c := exprContext{matrix: j.Matrix, env: j.env, inputs: r.inputs}
	out := map[string]string{}
	for k, v := range s.With {
		x, err := expand(v, c)
		if err != nil {
			return nil, fmt.Errorf("with %s: %w", k, err)
		}
		out[k] = x
	}
	for k, v := range s.Env {
		x, err := expand(v, c)
		if err != nil {
			return nil, fmt.Errorf("env %s: %w", k, err)
		}
		out["env:"+k] = x
	}
	x, err := expand(s.Run, c)
	if err != nil {
		return nil, fmt.Errorf("run: %w", err)
	}
	out["run"] = x
	return out, nil
}

// containerMismatch says why this machine cannot stand in for the
// container image, or "" when it can: Debian of the image's release, and
// root, as a container's steps run.
func containerMismatch(image string) string {
	dist, release, _ := strings.Cut(image, ":")
	b, err := os.ReadFile("/etc/os-release")
	if err != nil {
		return err.Error()
	}
	osr := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			osr[k] = strings.Trim(v, `"`)
		}
	}
	if osr["ID"] != dist || osr["VERSION_CODENAME"] != release {
		return fmt.Sprintf("this machine is %s %s, not %s", osr["ID"], osr["VERSION_CODENAME"], image)
	}
	if os.Geteuid() != 0 {
		return "its steps run as root there; run nightly-local as root"
	}
	return ""
}

func (r *runner) printPlan(plan []*jobRun) {
	for _, j := range plan {
		fmt.Fprintf(r.log, "job %s (%s)\n", j.Name, j.ID)
		if j.cannot != "" {
			fmt.Fprintf(r.log, "  not run here: %s\n", j.cannot)
			continue
		}
		for _, s := range j.Job.Steps {
			t, _ := r.stepText(j, s)
			what := s.Uses
			if s.Run != "" {
				what = "run: " + t["run"]
			}
			fmt.Fprintf(r.log, "  - %s\n", strings.TrimSpace(what))
		}
	}
}

// runAll runs the planned jobs in order (the workflow's order honours
// its needs), then prints a table of the results.
func (r *runner) runAll(plan []*jobRun) int {
	if err := os.RemoveAll(r.work); err != nil {
		fmt.Fprintln(r.log, "nightly-local:", err)
		return 2
	}
	head, err := exec.Command("git", "-C", r.root, "rev-parse", "HEAD").Output()
	if err != nil {
		fmt.Fprintln(r.log, "nightly-local: git rev-parse HEAD:", err)
		return 2
	}
	r.head = strings.TrimSpace(string(head))
	fmt.Fprintf(r.log, "nightly-local: %s at %s\n", workflowPath, r.head)
	if dirty, _ := exec.Command("git", "-C", r.root, "status", "--porcelain", "--untracked-files=no").Output(); len(dirty) > 0 {
		fmt.Fprintln(r.log, "nightly-local: note: uncommitted changes are not in the run (each job checks out HEAD)")
	}
	failed := map[string]bool{}
	rc := 0
	for _, j := range plan {
		switch {
		case j.cannot != "":
			j.result = "not run: " + j.cannot
		case j.Job.If != "always()" && anyFailed(j.Job.Needs, failed):
			j.result = "skipped: a job it needs failed"
		default:
			start := time.Now()
			err := r.runJob(j)
			j.took = time.Since(start).Round(time.Second)
			j.result = "passed"
			if err != nil {
				j.result = "FAILED: " + err.Error()
				failed[j.ID] = true
				rc = 1
			}
		}
	}
	fmt.Fprintln(r.log, "\nnightly-local: results")
	for _, j := range plan {
		fmt.Fprintf(r.log, "  %-40s %6s  %s\n", j.Name, j.took, j.result)
	}
	return rc
}

func anyFailed(needs []string, failed map[string]bool) bool {
	for _, n := range needs {
		if failed[n] {
			return true
		}
	}
	return false
}

// runJob runs a job's steps: a step without if: always() is skipped once
// one before it failed, as on GitHub.
func (r *runner) runJob(j *jobRun) error {
	fmt.Fprintf(r.log, "\n=== job %s\n", j.Name)
	if err := os.MkdirAll(j.ws, 0o755); err != nil {
		return err
	}
	timeout := defaultTimeout
	if j.Job.Timeout > 0 {
		timeout = time.Duration(j.Job.Timeout * float64(time.Minute))
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	summary := filepath.Join(r.work, "summaries", strings.ReplaceAll(filepath.Base(j.ws), "/", "-")+".md")
	if err := os.MkdirAll(filepath.Dir(summary), 0o755); err != nil {
		return err
	}
	var first error
	for _, s := range j.Job.Steps {
		if first != nil && s.If != "always()" {
			fmt.Fprintf(r.log, "--- step %s: skipped\n", s.title())
			continue
		}
		fmt.Fprintf(r.log, "--- step %s\n", s.title())
		vals, _ := r.stepText(j, s)
		var err error
		if s.Uses != "" {
			err = actions[actionName(s.Uses)].do(r, j, vals)
		} else {
			err = r.runScript(ctx, j, s, vals, summary)
		}
		if ctx.Err() != nil {
			err = fmt.Errorf("job timed out after %v", timeout)
		}
		if err != nil {
			fmt.Fprintf(r.log, "--- step %s failed: %v\n", s.title(), err)
			if first == nil {
				first = fmt.Errorf("step %q: %w", s.title(), err)
			}
		}
	}
	return first
}

// runScript runs a run: step as GitHub does with shell: bash
// (bash --noprofile --norc -eo pipefail FILE), in its own process group,
// killed whole at the job's timeout.
func (r *runner) runScript(ctx context.Context, j *jobRun, s step, vals map[string]string, summary string) error {
	shell := s.Shell
	if shell == "" {
		shell = r.wf.Defaults.Run.Shell
	}
	if shell != "bash" {
		return fmt.Errorf("shell %q: nightly-local runs only shell: bash", shell)
	}
	f, err := os.CreateTemp(r.work, "step-*.sh")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(vals["run"]); err != nil {
		f.Close()
		return err
	}
	f.Close()
	cmd := exec.CommandContext(ctx, "bash", "--noprofile", "--norc", "-eo", "pipefail", f.Name())
	cmd.Dir = filepath.Join(j.ws, s.WorkingDir)
	cmd.Env = os.Environ()
	for k, v := range j.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	for k, v := range vals {
		if name, ok := strings.CutPrefix(k, "env:"); ok {
			cmd.Env = append(cmd.Env, name+"="+v)
		}
	}
	cmd.Env = append(cmd.Env, "GITHUB_STEP_SUMMARY="+summary, "GITHUB_WORKSPACE="+j.ws)
	cmd.Stdout, cmd.Stderr = r.log, r.log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	return cmd.Run()
}

// checkout makes ws a fresh clone of the commit the run is of.
func (r *runner) checkout(ws string) error {
	if err := os.RemoveAll(ws); err != nil {
		return err
	}
	for _, args := range [][]string{
		{"clone", "--quiet", "--shared", "--no-checkout", r.root, ws},
		{"-C", ws, "checkout", "--quiet", "--detach", r.head},
	} {
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	fmt.Fprintf(r.log, "    %s at %.12s\n", ws, r.head)
	return nil
}

// wsName turns a job's name into a directory name: letters, digits, '.'
// and '-' kept, anything else '_'.
func wsName(name string) string {
	return strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' {
			return c
		}
		return '_'
	}, name)
}
