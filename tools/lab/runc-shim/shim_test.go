package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseInvocation(t *testing.T) {
	cases := []struct {
		args []string
		want invocation
	}{
		{[]string{"--root", "/run/r", "--log", "l.json", "--log-format", "json", "create", "--bundle", "/b", "--pid-file", "p", "id"},
			invocation{command: "create", specFile: "/b/config.json"}},
		{[]string{"run", "-b=/x", "id"}, invocation{command: "run", specFile: "/x/config.json"}},
		{[]string{"create", "id"}, invocation{command: "create", specFile: "config.json"}},
		{[]string{"--root", "/r", "exec", "--process", "/tmp/p.json", "--detach", "id"},
			invocation{command: "exec", specFile: "/tmp/p.json", processOnly: true}},
		{[]string{"exec", "-p", "/tmp/q.json", "id"}, invocation{command: "exec", specFile: "/tmp/q.json", processOnly: true}},
		{[]string{"--root", "/r", "start", "id"}, invocation{command: "start"}},
		{[]string{"--version"}, invocation{}},
	}
	for _, c := range cases {
		if got := parseInvocation(c.args); got != c.want {
			t.Errorf("parseInvocation(%q) = %+v, want %+v", c.args, got, c.want)
		}
	}
}

func TestBoundingSet(t *testing.T) {
	dir := t.TempDir()
	status := filepath.Join(dir, "status")
	os.WriteFile(status, []byte("Name:\tx\nCapEff:\t0\nCapBnd:\t000001fffeffffff\n"), 0o644)
	got, err := boundingSet(status)
	if err != nil || got != 0x1fffeffffff {
		t.Fatalf("boundingSet = %x, %v", got, err)
	}
	os.WriteFile(status, []byte("Name:\tx\n"), 0o644)
	if _, err := boundingSet(status); err == nil || err.Error() != status+" has no CapBnd line" {
		t.Fatalf("want missing CapBnd error, got %v", err)
	}
}

// GIVEN a bounding set without CAP_SYS_RESOURCE (bit 24) and CAP_BPF (bit 39)
// WHEN a privileged config.json is rewritten
// THEN exactly those two are removed from every set and every other field is kept.
func TestDropMissingCapabilitiesConfig(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "config.json")
	spec := `{"ociVersion":"1.0.2","process":{"args":["/sbin/init"],"capabilities":{` +
		`"bounding":["CAP_CHOWN","CAP_SYS_RESOURCE","CAP_BPF"],"effective":["CAP_SYS_RESOURCE","CAP_KILL"],` +
		`"permitted":["CAP_BPF"]}},"root":{"path":"rootfs"}}`
	os.WriteFile(file, []byte(spec), 0o600)
	bounding := uint64(0x1fffeffffff) &^ (1 << 39)
	if err := dropMissingCapabilities(file, false, bounding); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OCIVersion string `json:"ociVersion"`
		Process    struct {
			Args         []string            `json:"args"`
			Capabilities map[string][]string `json:"capabilities"`
		} `json:"process"`
		Root map[string]string `json:"root"`
	}
	data, _ := os.ReadFile(file)
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"bounding": {"CAP_CHOWN"}, "effective": {"CAP_KILL"}, "permitted": {}}
	if !reflect.DeepEqual(doc.Process.Capabilities, want) {
		t.Errorf("capabilities = %v, want %v", doc.Process.Capabilities, want)
	}
	if doc.OCIVersion != "1.0.2" || doc.Root["path"] != "rootfs" || doc.Process.Args[0] != "/sbin/init" {
		t.Errorf("other fields changed: %s", data)
	}
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o600 {
		t.Errorf("mode changed to %v", info.Mode().Perm())
	}
}

// GIVEN an exec process spec whose capabilities all exist
// WHEN it is rewritten
// THEN the file is left byte for byte as it was.
func TestDropMissingCapabilitiesProcessUnchanged(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "process.json")
	spec := `{"args": ["sh"], "capabilities": {"bounding": ["CAP_CHOWN"]}}`
	os.WriteFile(file, []byte(spec), 0o644)
	if err := dropMissingCapabilities(file, true, 0x1fffeffffff); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(file); string(data) != spec {
		t.Errorf("file rewritten: %s", data)
	}
	spec2 := `{"args":["sh"],"capabilities":{"bounding":["CAP_SYS_RESOURCE","CAP_CHOWN"]}}`
	os.WriteFile(file, []byte(spec2), 0o644)
	if err := dropMissingCapabilities(file, true, 0x1fffeffffff); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(file); string(data) != `{"args":["sh"],"capabilities":{"bounding":["CAP_CHOWN"]}}` {
		t.Errorf("process spec = %s", data)
	}
}
