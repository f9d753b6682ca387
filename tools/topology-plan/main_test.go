package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runWith writes `files` into a temporary directory and runs the command with -f for each and -o <dir>/out.
func runWith(t *testing.T, files map[string]string, extra ...string) (int, string, string, string) {
	t.Helper()
	dir := t.TempDir()
	args := []string{}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "-f", path)
	}
	out := filepath.Join(dir, "out")
	args = append(append(args, "-o", out), extra...)
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), strings.ReplaceAll(stderr.String(), dir+string(filepath.Separator), ""), out
}

func TestUsageErrorsExitTwo(t *testing.T) {
	// GIVEN no -o, an unknown flag and an unknown output version WHEN run THEN exit 2 with a one-line reason first
	for _, args := range [][]string{{"-f", "x.yaml"}, {"--bogus"}, {"-f", "x", "-o", "y", "--output-api-version", "v1"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Fatalf("%v: exit %d, want 2", args, code)
		}
		if !strings.HasPrefix(stderr.String(), "topology-plan: ") {
			t.Fatalf("%v: stderr %q", args, stderr.String())
		}
	}
}

func TestVersionNamesTheClusterAPIModule(t *testing.T) {
	// GIVEN --version WHEN run THEN exit 0 and one line naming the tool
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--version"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.HasPrefix(stdout.String(), "topology-plan (Cluster API ") {
		t.Fatalf("stdout %q", stdout.String())
	}
}

func TestInputErrorsNameTheFileAndExitOne(t *testing.T) {
	cases := []struct {
		name, content, want string
	}{
		{"broken.yaml", "kind: [", "topology-plan: broken.yaml (document 1): not YAML or JSON: "},
		{"nokind.yaml", "apiVersion: v1\nmetadata: {name: x}\n", "topology-plan: nokind.yaml (document 1): an object needs apiVersion and kind\n"},
		{"noname.yaml", "apiVersion: v1\nkind: Secret\n", "topology-plan: noname.yaml (document 1): Secret has no metadata.name\n"},
		{"nocluster.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n", "topology-plan: the input has no Cluster (cluster.x-k8s.io/v1beta1 or v1beta2)\n"},
		{"v1alpha4.yaml", "apiVersion: cluster.x-k8s.io/v1alpha4\nkind: Cluster\nmetadata: {name: c}\n",
			"topology-plan: Cluster default/c from v1alpha4.yaml (document 1): cluster.x-k8s.io/v1alpha4 is not served by Cluster API v1.14 (use v1beta1 or v1beta2)\n"},
		{"noclass.yaml", "apiVersion: cluster.x-k8s.io/v1beta2\nkind: Cluster\nmetadata: {name: c}\nspec:\n  topology: {classRef: {name: cc}, version: v1.35.1}\n",
			"topology-plan: Cluster default/c from noclass.yaml (document 1): its ClusterClass default/cc is not in the input (ClusterClasses given: none)\n"},
	}
	for _, c := range cases {
		// GIVEN one input file WHEN planned THEN exit 1 with one line naming the file and the problem, no trace
		code, _, stderr, _ := runWith(t, map[string]string{c.name: c.content})
		if code != 1 {
			t.Fatalf("%s: exit %d, stderr %q", c.name, code, stderr)
		}
		if !strings.HasPrefix(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Fatalf("%s: stderr %q, want prefix %q and one line", c.name, stderr, c.want)
		}
	}
}
