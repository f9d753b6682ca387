package main

// Writing a plan in the layout of `clusterctl alpha topology plan -o <dir>`: created/<Kind>_<ns>_<name>.yaml, and
// modified/<Kind>_<ns>_<name>.{original.yaml,modified.yaml,jsonpatch}. With several Clusters, each gets that
// layout in <dir>/<namespace>_<cluster>/.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gomodules.xyz/jsonpatch/v2"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// writePlans writes every plan; a rejected Cluster (--keep-going) gets only <dir>/rejected.txt with the reason.
func writePlans(ctx context.Context, plans []clusterPlan, dir, apiVersion string, summary io.Writer) error {
	for _, p := range plans {
		out := dir
		if len(plans) > 1 {
			out = filepath.Join(dir, fmt.Sprintf("%s_%s", p.cluster.object.GetNamespace(), p.cluster.object.GetName()))
		}
		if p.rejected != nil {
			if err := os.MkdirAll(out, 0o750); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(out, "rejected.txt"), []byte(p.rejected.Error()+"\n"), 0o600); err != nil {
				return err
			}
			fmt.Fprintf(summary, "Cluster %q is rejected: %v\n", p.cluster.object.GetNamespace()+"/"+p.cluster.object.GetName(), p.rejected)
			continue
		}
		if err := writePlan(ctx, p, out, apiVersion); err != nil {
			return err
		}
		fmt.Fprintf(summary, "Changes for Cluster %q:\n", p.cluster.object.GetNamespace()+"/"+p.cluster.object.GetName())
		for _, o := range p.created {
			fmt.Fprintf(summary, "  created   %s %s/%s\n", o.GetKind(), o.GetNamespace(), o.GetName())
		}
		for _, m := range p.modified {
			fmt.Fprintf(summary, "  modified  %s %s/%s\n", m.after.GetKind(), m.after.GetNamespace(), m.after.GetName())
		}
		fmt.Fprintf(summary, "Created objects are written to directory %q\nModified objects are written to directory %q\n",
			filepath.Join(out, "created"), filepath.Join(out, "modified"))
	}
	return nil
}

func writePlan(ctx context.Context, p clusterPlan, dir, apiVersion string) error {
	created, modified := filepath.Join(dir, "created"), filepath.Join(dir, "modified")
	for _, d := range []string{created, modified} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return err
		}
	}
	for _, o := range p.created {
		if err := writeObject(ctx, filepath.Join(created, fileName(o, ".yaml")), o, apiVersion); err != nil {
			return err
		}
	}
	for _, m := range p.modified {
		if err := writeObject(ctx, filepath.Join(modified, fileName(m.before, ".original.yaml")), m.before, apiVersion); err != nil {
			return err
		}
		if err := writeObject(ctx, filepath.Join(modified, fileName(m.after, ".modified.yaml")), m.after, apiVersion); err != nil {
			return err
		}
		before, err := inVersion(ctx, m.before, apiVersion)
		if err != nil {
			return err
		}
		after, err := inVersion(ctx, m.after, apiVersion)
		if err != nil {
			return err
		}
		patch, err := jsonPatch(before, after)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(modified, fileName(m.after, ".jsonpatch")), patch, 0o600); err != nil {
			return err
		}
	}
	return nil
}

func fileName(o *unstructured.Unstructured, suffix string) string {
	return fmt.Sprintf("%s_%s_%s%s", o.GetKind(), o.GetNamespace(), o.GetName(), suffix)
}

// inVersion returns a Cluster API object in the requested version (v1beta2 is the hub, v1beta1 is converted to).
func inVersion(ctx context.Context, o *unstructured.Unstructured, apiVersion string) (*unstructured.Unstructured, error) {
	if o.GroupVersionKind().Version == apiVersion {
		return o, nil
	}
	hub, err := toHub(ctx, o)
	if err != nil || apiVersion == "v1beta2" {
		return hub, err
	}
	return fromHub(ctx, hub)
}

func writeObject(ctx context.Context, path string, o *unstructured.Unstructured, apiVersion string) error {
	converted, err := inVersion(ctx, o, apiVersion)
	if err != nil {
		return fmt.Errorf("cannot write %s %s in %s: %v", o.GetKind(), o.GetName(), apiVersion, err)
	}
	content, err := yaml.Marshal(converted.Object)
	if err != nil {
		return err
	}
	return os.WriteFile(path, content, 0o600)
}

func jsonPatch(before, after *unstructured.Unstructured) ([]byte, error) {
	a, err := json.Marshal(before.Object)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(after.Object)
	if err != nil {
		return nil, err
	}
	ops, err := jsonpatch.CreatePatch(a, b)
	if err != nil {
		return nil, err
	}
	return json.Marshal(ops)
}
