// Command topology-plan is an offline dry run of Cluster API v1.14's managed topology: what the topology
// controller would create and modify for the Clusters of the input, computed with Cluster API's own code
// (webhooks, ClusterClass reconciler, exp/topology/desiredstate) against fake clients instead of an API server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/go-logr/logr"
	"k8s.io/klog/v2"
	ctrl "sigs.k8s.io/controller-runtime"
)

const usage = `usage: topology-plan [--version] -f <file> [-f <file>...] -o <dir> [--output-api-version v1beta2|v1beta1] [--namespace <ns>]

Reads a ClusterClass, its templates and one or more Clusters (cluster.x-k8s.io v1beta1 or v1beta2; for an
upgrade also the Cluster's current objects), and writes what the topology controller of Cluster API v1.14 would
create and modify, in the layout of "clusterctl alpha topology plan": <dir>/created, <dir>/modified
(with several Clusters: <dir>/<namespace>_<cluster>/created, ...).

--keep-going plans every Cluster even when some are rejected: a rejected Cluster's directory holds only
rejected.txt with the reason, and the exit code is 1.

Exit codes: 0 planned, 1 the input is rejected (one message on stderr), 2 usage error, 3 internal error.
`

type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(v string) error { *f = append(*f, v); return nil }

func countRejected(plans []clusterPlan) int {
	n := 0
	for _, p := range plans {
		if p.rejected != nil {
			n++
		}
	}
	return n
}

// capiVersion is the version of the Cluster API module the binary is built with.
func capiVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "sigs.k8s.io/cluster-api" {
				return dep.Version
			}
		}
	}
	return "unknown"
}

// warn prints a webhook warning on stderr.
func warn(message string) { fmt.Fprintf(os.Stderr, "topology-plan: warning: %s\n", message) }

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) (code int) {
	// Cluster API logs through controller-runtime and klog; the dry run reports through its result only.
	ctrl.SetLogger(logr.Discard())
	klog.SetLogger(logr.Discard())

	flags := flag.NewFlagSet("topology-plan", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	var inputs files
	flags.Var(&inputs, "f", "input file")
	flags.Var(&inputs, "file", "input file")
	out := flags.String("o", "", "output directory")
	flags.StringVar(out, "output-directory", "", "output directory")
	apiVersion := flags.String("output-api-version", "v1beta2", "")
	namespace := flags.String("namespace", "default", "")
	version := flags.Bool("version", false, "")
	keepGoing := flags.Bool("keep-going", false, "")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "topology-plan: %v\n%s", err, usage)
		return 2
	}
	switch {
	case *version:
		fmt.Fprintf(stdout, "topology-plan (Cluster API %s)\n", capiVersion())
		return 0
	case flags.NArg() > 0:
		fmt.Fprintf(stderr, "topology-plan: unexpected argument %q\n%s", flags.Arg(0), usage)
		return 2
	case len(inputs) == 0 || *out == "":
		fmt.Fprintf(stderr, "topology-plan: -f and -o are required\n%s", usage)
		return 2
	case *apiVersion != "v1beta1" && *apiVersion != "v1beta2":
		fmt.Fprintf(stderr, "topology-plan: --output-api-version must be v1beta1 or v1beta2, not %q\n", *apiVersion)
		return 2
	}

	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "topology-plan: internal error: %v\n", r)
			code = 3
		}
	}()
	ctx := context.Background()
	objects, err := readInputs(inputs, *namespace)
	if err == nil {
		var plans []clusterPlan
		if plans, err = plan(ctx, objects, options{keepGoing: *keepGoing}); err == nil {
			err = writePlans(ctx, plans, *out, *apiVersion, stdout)
		}
		for _, p := range plans {
			if err == nil && p.rejected != nil {
				err = inputErrorf("%d of %d Clusters are rejected (see rejected.txt in their output directories)", countRejected(plans), len(plans))
			}
		}
	}
	var rejected *inputError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &rejected):
		fmt.Fprintf(stderr, "topology-plan: %s\n", rejected.message)
		return 1
	default:
		fmt.Fprintf(stderr, "topology-plan: internal error: %v\n", err)
		return 3
	}
}
