// Command runc-shim runs runc with every capability that the caller's capability
// bounding set lacks removed from the OCI process it is asked to start.
//
// Docker's --privileged (and so kind and CAPD) grants every capability runc knows. On a
// host whose bounding set lacks one (a VM without CAP_SYS_RESOURCE, for example) runc then
// fails with "unable to apply caps: operation not permitted". Registered as the default
// runtime of dockerd, or as containerd's runc BinaryName inside a node, this shim edits the
// process spec runc is given and then replaces itself with the real runc:
//   - create/run: process.capabilities in <bundle>/config.json (--bundle/-b, default ".");
//   - exec:       the capabilities of the file given with --process/-p.
//
// Any other invocation is passed through unchanged.
package main

import (
	"fmt"
	"os"
	"syscall"
)

// realRunc is the runc this shim hands over to; set with -ldflags "-X main.realRunc=...".
var realRunc = "/usr/sbin/runc"

func main() {
	args := os.Args[1:]
	if err := rewrite(args); err != nil {
		fmt.Fprintf(os.Stderr, "runc-shim: %v\n", err)
		os.Exit(1)
	}
	argv := append([]string{realRunc}, args...)
	if err := syscall.Exec(realRunc, argv, os.Environ()); err != nil {
		fmt.Fprintf(os.Stderr, "runc-shim: exec %s: %v\n", realRunc, err)
		os.Exit(1)
	}
}

// rewrite edits the spec file the invocation names, if any.
func rewrite(args []string) error {
	inv := parseInvocation(args)
	if inv.specFile == "" {
		return nil
	}
	bounding, err := boundingSet("/proc/self/status")
	if err != nil {
		return err
	}
	return dropMissingCapabilities(inv.specFile, inv.processOnly, bounding)
}
