package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	kubeyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"istio.io/istio/pkg/config"
	"istio.io/istio/pkg/config/schema/collections"
	"istio.io/istio/pkg/config/schema/resource"
)

// validation is Istio's validation webhook verdict on one object of the input.
type validation struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
	// Checked is false for kinds Istio's webhook does not validate (Kubernetes kinds).
	Checked bool   `json:"checked"`
	Error   string `json:"error,omitempty"`
	Warning string `json:"warning,omitempty"`
}

// runValidate runs, for every Istio object, what the validation webhook runs: strict decoding of
// the spec into Istio's protobuf type, then the kind's validation function (as istioctl validate does).
func runValidate(files []string) error {
	results := []validation{}
	for _, file := range files {
		docs, err := readDocs(file)
		if err != nil {
			return err
		}
		for _, doc := range docs {
			results = append(results, validateObject(doc))
		}
	}
	return printJSON(results)
}

func readDocs(file string) ([]map[string]any, error) {
	in, err := open(file)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	reader := kubeyaml.NewYAMLReader(bufio.NewReader(in))
	var docs []map[string]any
	for {
		raw, err := reader.Read()
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		out := map[string]any{}
		if err := yaml.Unmarshal(raw, &out); err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		if len(out) > 0 {
			docs = append(docs, out)
		}
	}
}

func validateObject(obj map[string]any) validation {
	un := unstructured.Unstructured{Object: obj}
	v := validation{Kind: un.GetKind(), Namespace: un.GetNamespace(), Name: un.GetName()}
	gv := un.GroupVersionKind()
	schema, ok := collections.Pilot.FindByGroupVersionAliasesKind(config.GroupVersionKind{Group: gv.Group, Version: gv.Version, Kind: gv.Kind})
	if !ok {
		return v
	}
	v.Checked = true
	cfg, err := toConfig(schema, &un)
	if err != nil {
		v.Error = "cannot parse proto message: " + err.Error()
		return v
	}
	if cfg.Namespace == "" {
		cfg.Namespace = metav1.NamespaceDefault
	}
	warning, err := schema.ValidateConfig(*cfg)
	if err != nil {
		v.Error = err.Error()
	}
	if warning != nil {
		v.Warning = warning.Error()
	}
	return v
}

func toConfig(schema resource.Schema, un *unstructured.Unstructured) (*config.Config, error) {
	spec, err := json.Marshal(un.Object["spec"])
	if err != nil {
		return nil, err
	}
	out, err := schema.NewInstance()
	if err != nil {
		return nil, err
	}
	if err := config.ApplyJSONStrict(out, string(spec)); err != nil {
		return nil, err
	}
	return &config.Config{
		Meta: config.Meta{
			GroupVersionKind: schema.GroupVersionKind(),
			Name:             un.GetName(),
			Namespace:        un.GetNamespace(),
			Labels:           un.GetLabels(),
			Annotations:      un.GetAnnotations(),
		},
		Spec: out,
	}, nil
}
