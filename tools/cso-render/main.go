// Command cso-render reproduces two things the Cluster Stack Operator (CSO) does with
// release files, so that release checks can run the real Go libraries instead of an
// approximation:
//
//	cso-render values --template <overwrite.yaml> --cluster <file> [--control-plane <file>] [--infra-cluster <file>]
//	cso-render cel --keys a,b --expr '<CEL expression>'
//
// `values` renders a cluster-addon values file (old mode: cluster-addon-values.yaml,
// new mode: <chart>/overwrite.yaml) the way the ClusterAddon controller builds the Helm
// values (release-contract §4.3): Go text/template with the slim-sprig TxtFuncMap, data
// keyed Cluster / ControlPlane / InfraCluster, then a gopkg.in/yaml.v3 parse whose
// result must be a mapping; a string `values` key replaces the whole document.
//
// `cel` compiles a stage condition the way the ClusterAddon controller does before
// evaluating it (release-contract §4.1): every object key is a variable of type
// map(string, dyn).
//
// Exit codes: 0 success, 1 the input is rejected (message on stderr), 2 usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `usage:
  cso-render values --template <file> --cluster <file> [--control-plane <file>] [--infra-cluster <file>]
  cso-render cel [--keys a,b] --expr <CEL expression>
`

// usageError marks errors caused by wrong invocation (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var (
		out string
		err error
	)
	switch args[0] {
	case "values":
		out, err = runValues(args[1:])
	case "cel":
		out, err = runCEL(args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "cso-render: %s\n%s", ue.msg, usage)
			return 2
		}
		fmt.Fprintf(stderr, "cso-render %s: %s\n", args[0], err)
		return 1
	}
	fmt.Fprint(stdout, out)
	return 0
}

// newFlagSet returns a flag set that reports problems as usage errors instead of exiting.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}
