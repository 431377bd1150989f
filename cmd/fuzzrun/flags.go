package main

import "flag"

// parseFlags parses a subcommand's arguments, in which flags may come
// before, between or after the positional arguments (fuzzrun check FILE
// --json), as every subcommand accepts. A "--" ends the flags: whatever
// follows it is positional, even if it starts with "-".
func parseFlags(fs *flag.FlagSet, args []string) error {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	// Leave the positional arguments in fs.Args(), as fs.Parse would.
	return fs.Parse(append([]string{"--"}, pos...))
}
