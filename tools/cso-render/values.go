package main

import (
	"bytes"
	"fmt"
	"os"
	"text/template"

	sprig "github.com/go-task/slim-sprig/v3"
	"gopkg.in/yaml.v3"
)

func runValues(args []string) (string, error) {
	fs := newFlagSet("values")
	templatePath := fs.String("template", "", "values template (cluster-addon-values.yaml or <chart>/overwrite.yaml)")
	clusterPath := fs.String("cluster", "", "Cluster object, JSON or YAML")
	controlPlanePath := fs.String("control-plane", "", "object referenced by spec.controlPlaneRef, JSON or YAML")
	infraClusterPath := fs.String("infra-cluster", "", "object referenced by spec.infrastructureRef, JSON or YAML")
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	if *templatePath == "" || *clusterPath == "" {
		return "", usageError{"values needs --template and --cluster"}
	}

	text, err := os.ReadFile(*templatePath)
	if err != nil {
		return "", fmt.Errorf("failed to read the file %s: %w", *templatePath, err)
	}
	cluster, err := readObject(*clusterPath)
	if err != nil {
		return "", err
	}
	// CSO only adds ControlPlane and InfraCluster when the Cluster references them, so
	// an absent flag means an absent key, exactly like a Cluster without that reference.
	data := map[string]interface{}{"Cluster": cluster}
	if *controlPlanePath != "" {
		if data["ControlPlane"], err = readObject(*controlPlanePath); err != nil {
			return "", err
		}
	}
	if *infraClusterPath != "" {
		if data["InfraCluster"], err = readObject(*infraClusterPath); err != nil {
			return "", err
		}
	}
	return renderValues(string(text), data, objectName(cluster))
}

// renderValues builds the Helm values the way CSO's buildTemplateFromClusterAddonValues does.
func renderValues(text string, data map[string]interface{}, clusterName string) (string, error) {
	tmpl, err := template.New("cluster-addon-values" + "-" + clusterName).
		Funcs(sprig.TxtFuncMap()).
		Parse(text)
	if err != nil {
		return "", fmt.Errorf("failed to create new template: %w", err)
	}

	var buffer bytes.Buffer
	if err := tmpl.Execute(&buffer, data); err != nil {
		return "", fmt.Errorf("failed to execute template on cluster %q: %w", clusterName, err)
	}

	var unmarshalData interface{}
	if err := yaml.Unmarshal(buffer.Bytes(), &unmarshalData); err != nil {
		return "", fmt.Errorf("unmarshal expanded template: %w", err)
	}

	// CSO asserts the document to map[string]interface{} without checking the result;
	// anything else (empty document, scalar, sequence, mapping with non-string keys)
	// panics the ClusterAddon reconciler.
	mapping, ok := unmarshalData.(map[string]interface{})
	if !ok {
		return "", fmt.Errorf("rendered template is not a YAML mapping (got %s); CSO would panic on it (it type-asserts the document to a mapping before reading the \"values\" key)", describe(unmarshalData))
	}

	// A string "values" key is the values file; otherwise the whole document is.
	if values, ok := mapping["values"].(string); ok {
		return values, nil
	}
	return buffer.String(), nil
}

// describe names the Go type yaml.v3 produced, in YAML words.
func describe(v interface{}) string {
	switch v.(type) {
	case nil:
		return "an empty document"
	case []interface{}:
		return "a sequence"
	case map[interface{}]interface{}:
		return "a mapping with non-string keys"
	case string:
		return "a string"
	default:
		return fmt.Sprintf("a scalar of type %T", v)
	}
}

// readObject reads a Kubernetes object from a JSON or YAML file into the shape of an
// unstructured object: string-keyed maps, []interface{}, int64 / float64 / bool / string.
func readObject(path string) (map[string]interface{}, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("failed to read object file %s: %w", path, err)
	}
	var doc interface{}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("failed to parse object file %s: %w", path, err)
	}
	normalized, err := normalize(doc)
	if err != nil {
		return nil, fmt.Errorf("object file %s: %w", path, err)
	}
	obj, ok := normalized.(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("object file %s does not hold a mapping", path)
	}
	return obj, nil
}

func normalize(v interface{}) (interface{}, error) {
	switch t := v.(type) {
	case map[string]interface{}:
		out := make(map[string]interface{}, len(t))
		for k, e := range t {
			n, err := normalize(e)
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	case map[interface{}]interface{}:
		return nil, fmt.Errorf("mapping with non-string keys")
	case []interface{}:
		out := make([]interface{}, len(t))
		for i, e := range t {
			n, err := normalize(e)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case int:
		return int64(t), nil
	case uint64:
		return int64(t), nil
	default:
		return v, nil
	}
}

func objectName(obj map[string]interface{}) string {
	if meta, ok := obj["metadata"].(map[string]interface{}); ok {
		if name, ok := meta["name"].(string); ok {
			return name
		}
	}
	return ""
}
