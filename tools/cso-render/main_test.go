package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testCluster = `{
  "apiVersion": "cluster.x-k8s.io/v1beta1",
  "kind": "Cluster",
  "metadata": {"name": "demo", "namespace": "tenant"},
  "spec": {
    "clusterNetwork": {"pods": {"cidrBlocks": ["192.168.0.0/16"]}, "services": {"cidrBlocks": ["10.96.0.0/12"]}},
    "controlPlaneEndpoint": {"host": "10.0.0.1", "port": 6443},
    "topology": {"class": "docker-ferrol-1-27-v1", "version": "v1.27.3"}
  }
}`

// invoke runs the command in-process and returns exit code, stdout and stderr.
func invoke(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValues(t *testing.T) {
	dir := t.TempDir()
	cluster := writeFile(t, dir, "cluster.json", testCluster)
	infra := writeFile(t, dir, "infra.yaml", "kind: DockerCluster\nspec:\n  loadBalancer:\n    enabled: true\n")

	cases := []struct {
		name     string
		template string
		extra    []string
		code     int
		stdout   string
		stderr   string
	}{
		{
			name:     "values key selects the embedded values file",
			template: "values: |\n  ccm:\n    cluster: {{ .Cluster.metadata.name }}\n    port: {{ .Cluster.spec.controlPlaneEndpoint.port }}\n",
			code:     0,
			stdout:   "ccm:\n  cluster: demo\n  port: 6443\n",
		},
		{
			name:     "without a values key the whole rendered document is used",
			template: "pods: {{ index .Cluster.spec.clusterNetwork.pods.cidrBlocks 0 | quote }}\nname: {{ .Cluster.metadata.name | upper }}\n",
			code:     0,
			stdout:   "pods: \"192.168.0.0/16\"\nname: DEMO\n",
		},
		{
			name:     "a non-string values key is not special",
			template: "values:\n  a: 1\n",
			code:     0,
			stdout:   "values:\n  a: 1\n",
		},
		{
			name:     "the infrastructure cluster is available when given",
			template: "lb: {{ .InfraCluster.spec.loadBalancer.enabled }}\n",
			extra:    []string{"--infra-cluster", infra},
			code:     0,
			stdout:   "lb: true\n",
		},
		{
			name:     "a scalar document would panic CSO",
			template: "{{ .Cluster.metadata.name }}\n",
			code:     1,
			stderr:   "cso-render values: rendered template is not a YAML mapping (got a string); CSO would panic on it (it type-asserts the document to a mapping before reading the \"values\" key)\n",
		},
		{
			name:     "an empty document would panic CSO",
			template: "{{/* nothing */}}\n",
			code:     1,
			stderr:   "cso-render values: rendered template is not a YAML mapping (got an empty document); CSO would panic on it (it type-asserts the document to a mapping before reading the \"values\" key)\n",
		},
		{
			name:     "a sequence would panic CSO",
			template: "- a\n- b\n",
			code:     1,
			stderr:   "cso-render values: rendered template is not a YAML mapping (got a sequence); CSO would panic on it (it type-asserts the document to a mapping before reading the \"values\" key)\n",
		},
		{
			name:     "without --control-plane the key is absent, as for a Cluster without controlPlaneRef",
			template: "x: {{ .ControlPlane.spec.replicas }}\n",
			code:     0,
			stdout:   "x: <no value>\n",
		},
		{
			name:     "a template execution error",
			template: "x: {{ .Cluster.metadata.name | fail }}\n",
			code:     1,
			stderr:   "cso-render values: failed to execute template on cluster \"demo\": template: cluster-addon-values-demo:1:31: executing \"cluster-addon-values-demo\" at <fail>: error calling fail: demo\n",
		},
		{
			name:     "a template syntax error",
			template: "x: {{ .Cluster.metadata.name\n",
			code:     1,
			stderr:   "cso-render values: failed to create new template: template: cluster-addon-values-demo:2: unclosed action started at cluster-addon-values-demo:1\n",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// GIVEN a values template and a Cluster object
			tmpl := writeFile(t, dir, "overwrite.yaml", tc.template)
			// WHEN it is rendered
			args := append([]string{"values", "--template", tmpl, "--cluster", cluster}, tc.extra...)
			code, stdout, stderr := invoke(t, args...)
			// THEN exit code and output are exactly as expected
			if code != tc.code || stdout != tc.stdout || stderr != tc.stderr {
				t.Fatalf("got code %d\nstdout %q\nstderr %q", code, stdout, stderr)
			}
		})
	}
}

func TestCEL(t *testing.T) {
	cases := []struct {
		name   string
		keys   string
		expr   string
		code   int
		stdout string
		stderr string
	}{
		{name: "comparison of two objects", keys: "ms,ngnix", expr: "ms.spec.replicas == ngnix.spec.replicas", code: 0, stdout: "ok: output type bool\n"},
		{name: "nested field is dyn", keys: "ms", expr: "ms.status.ready", code: 0, stdout: "ok: output type dyn\n"},
		{name: "top-level field is google.protobuf.Any", keys: "ms", expr: "ms.ready", code: 0, stdout: "ok: output type google.protobuf.Any\n"},
		{
			name: "non-bool output", keys: "ms", expr: "1 + 2", code: 1,
			stderr: "cso-render cel: cel expression \"1 + 2\" has output type int, but CSO requires it to evaluate to a bool (accepted: bool, or dyn / google.protobuf.Any that may hold a bool)\n",
		},
		{name: "undeclared key", keys: "ms", expr: "other.x == 1", code: 1, stderr: "undeclared reference to 'other'"},
		{name: "empty expression", keys: "ms", expr: "", code: 1, stderr: "Syntax error: mismatched input '<EOF>'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// GIVEN object keys and a condition
			// WHEN the condition is compiled
			code, stdout, stderr := invoke(t, "cel", "--keys", tc.keys, "--expr", tc.expr)
			// THEN it is accepted or rejected with the compiler's message
			if code != tc.code || stdout != tc.stdout {
				t.Fatalf("got code %d\nstdout %q\nstderr %q", code, stdout, stderr)
			}
			if tc.code == 0 && stderr != "" || tc.code != 0 && !strings.Contains(stderr, tc.stderr) {
				t.Fatalf("stderr %q does not contain %q", stderr, tc.stderr)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	// GIVEN wrong invocations WHEN run THEN exit code 2
	for _, args := range [][]string{{}, {"render"}, {"values"}, {"cel", "--keys", "a"}, {"cel", "--bogus"}} {
		if code, _, _ := invoke(t, args...); code != 2 {
			t.Fatalf("%v: exit code %d, want 2", args, code)
		}
	}
}
