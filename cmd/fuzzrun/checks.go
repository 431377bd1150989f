package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// The checks every long-running subcommand (diff, suite, fuzz) makes
// before its run starts: each flag's value, and each file or directory
// the run writes at its end, so that a run of ten minutes does not fail
// at the end on a bad flag or an unwritable path. A failed check is a
// usage error: exit 2, before anything ran.

// flagChecks collects the flag errors of one command line.
type flagChecks struct {
	errs []string
}

// add records a failed check when bad is true.
func (c *flagChecks) add(bad bool, format string, args ...any) {
	if bad {
		c.errs = append(c.errs, fmt.Sprintf(format, args...))
	}
}

// positive checks a duration flag that must be above zero.
func (c *flagChecks) positive(name string, d time.Duration) {
	c.add(d <= 0, "--%s %s: want a positive duration", name, d)
}

// report prints every failed check, one a line, and reports whether
// there was one.
func (c *flagChecks) report(stderr io.Writer, cmd string) bool {
	for _, e := range c.errs {
		fmt.Fprintf(stderr, "fuzzrun %s: %s\n", cmd, e)
	}
	return len(c.errs) > 0
}

// checkInDir checks an input directory given on the command line: it
// must exist and be a directory.
func checkInDir(flagName, dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("--%s %s: %w", flagName, dir, unwrapPath(err, dir))
	}
	if !st.IsDir() {
		return fmt.Errorf("--%s %s: not a directory", flagName, dir)
	}
	return nil
}

// output is a file or a directory (dir) a run writes at its end, given
// by a flag; "" for none. Its directory is created unless existingDir.
type output struct {
	flag, path       string
	dir, existingDir bool
}

// checkOutputs checks each output that is set (checkOutFile,
// checkOutDir) and returns the first error.
func checkOutputs(outs ...output) error {
	for _, o := range outs {
		var err error
		switch {
		case o.path == "":
		case o.dir:
			err = checkOutDir(o.flag, o.path)
		default:
			err = checkOutFile(o.flag, o.path, !o.existingDir)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// checkOutFile makes sure the file at path can be written at the end of
// the run: its directory is created if need be (mkdir, else it must
// exist already), and the file can be opened for writing if it exists
// (it is left as it is) or created if it does not (the probe is removed
// at once).
func checkOutFile(flagName, path string, mkdir bool) error {
	fail := func(err error) error {
		return fmt.Errorf("--%s %s: cannot write it: %w", flagName, path, unwrapPath(err, path))
	}
	dir := filepath.Dir(path)
	if mkdir {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fail(err)
		}
	} else if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("--%s %s: directory %s does not exist", flagName, path, dir)
	}
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("--%s %s: is a directory", flagName, path)
	case err == nil:
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fail(err)
		}
		return f.Close()
	case !errors.Is(err, os.ErrNotExist):
		return fail(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fail(err)
	}
	f.Close()
	return os.Remove(path)
}

// checkOutDir makes sure files can be written into dir at the end of the
// run: it is created if need be, and a probe file is created in it and
// removed.
func checkOutDir(flagName, dir string) error {
	fail := func(err error) error {
		return fmt.Errorf("--%s %s: cannot write into it: %w", flagName, dir, unwrapPath(err, dir))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(err)
	}
	f, err := os.CreateTemp(dir, ".fuzzrun-probe-*")
	if err != nil {
		return fail(err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// unwrapPath drops the operation and path of an *os.PathError about
// path itself, which the message names already, leaving its cause ("no
// such file or directory", "permission denied", ...).
func unwrapPath(err error, path string) error {
	var pe *os.PathError
	if errors.As(err, &pe) && filepath.Clean(pe.Path) == filepath.Clean(path) {
		return pe.Err
	}
	return err
}
