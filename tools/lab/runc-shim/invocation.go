package main

import (
	"path/filepath"
	"strings"
)

// invocation is what the shim needs to know of one runc command line.
type invocation struct {
	command string
	// specFile is the JSON file whose capabilities are edited ("" for none).
	specFile string
	// processOnly is true when specFile is a bare process spec (runc exec --process).
	processOnly bool
}

// globalFlagsWithValue are runc's global flags that take a separate value.
var globalFlagsWithValue = map[string]bool{
	"--root": true, "--log": true, "--log-format": true, "--criu": true, "--rootless": true,
}

// parseInvocation finds the subcommand and the spec file of a runc command line.
func parseInvocation(args []string) invocation {
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "-") {
		if globalFlagsWithValue[args[i]] {
			i++
		}
		i++
	}
	if i >= len(args) {
		return invocation{}
	}
	inv := invocation{command: args[i]}
	rest := args[i+1:]
	switch inv.command {
	case "create", "run":
		bundle := flagValue(rest, "--bundle", "-b")
		if bundle == "" {
			bundle = "."
		}
		inv.specFile = filepath.Join(bundle, "config.json")
	case "exec":
		inv.specFile = flagValue(rest, "--process", "-p")
		inv.processOnly = true
	}
	return inv
}

// flagValue returns the value of a flag given as "--name value", "--name=value" or "-n value".
func flagValue(args []string, long, short string) string {
	for i, arg := range args {
		if arg == "--" {
			return ""
		}
		if (arg == long || arg == short) && i+1 < len(args) {
			return args[i+1]
		}
		if strings.HasPrefix(arg, long+"=") {
			return strings.TrimPrefix(arg, long+"=")
		}
		if strings.HasPrefix(arg, short+"=") {
			return strings.TrimPrefix(arg, short+"=")
		}
	}
	return ""
}
