package main

// Reading the input files: YAML or JSON, several documents a file, each object remembering where it came from.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

// inputObject is one object of the input and the place it was read from.
type inputObject struct {
	object *unstructured.Unstructured
	source string // "<file> (document <n>)"
}

// inputError is a problem with the input: reported in one line, exit code 1, never a stack trace.
type inputError struct{ message string }

func (e *inputError) Error() string { return e.message }

func inputErrorf(format string, args ...any) error {
	return &inputError{message: fmt.Sprintf(format, args...)}
}

// readInputs reads every object of the files; namespace-less objects get `defaultNamespace`, as kubectl would.
func readInputs(files []string, defaultNamespace string) ([]inputObject, error) {
	var objects []inputObject
	for _, file := range files {
		content, err := os.ReadFile(file)
		if err != nil {
			return nil, inputErrorf("cannot read %s: %v", file, err)
		}
		decoder := utilyaml.NewYAMLOrJSONDecoder(bufio.NewReader(bytes.NewReader(content)), 4096)
		for doc := 1; ; doc++ {
			object := map[string]any{}
			err := decoder.Decode(&object)
			if errors.Is(err, io.EOF) {
				break
			}
			source := fmt.Sprintf("%s (document %d)", file, doc)
			if err != nil {
				return nil, inputErrorf("%s: not YAML or JSON: %v", source, err)
			}
			if len(object) == 0 {
				continue
			}
			u := &unstructured.Unstructured{Object: object}
			if u.GetAPIVersion() == "" || u.GetKind() == "" {
				return nil, inputErrorf("%s: an object needs apiVersion and kind", source)
			}
			if u.GetName() == "" {
				return nil, inputErrorf("%s: %s has no metadata.name", source, u.GetKind())
			}
			if u.GetNamespace() == "" {
				u.SetNamespace(defaultNamespace)
			}
			objects = append(objects, inputObject{object: u, source: source})
		}
	}
	if len(objects) == 0 {
		return nil, inputErrorf("the input has no objects")
	}
	return objects, nil
}

// describe names an object for messages: "Kind namespace/name from <source>".
func (o inputObject) describe() string {
	return fmt.Sprintf("%s %s/%s from %s", o.object.GetKind(), o.object.GetNamespace(), o.object.GetName(), o.source)
}
