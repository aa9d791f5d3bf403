package main

import (
	"flag"
	"fmt"
	"sort"

	"istio.io/istio/pkg/config/analysis/analyzers"
	"istio.io/istio/pkg/config/analysis/local"
	"istio.io/istio/pkg/config/resource"
)

// finding is one istioctl analyze message, in the shape of cdk8s-mesh's analysis findings.
type finding struct {
	Code     string `json:"code"`
	Level    string `json:"level"`
	Resource string `json:"resource"`
	Message  string `json:"message"`
}

// runAnalyze runs every analyzer over the files as `istioctl analyze --use-kube=false -A` does:
// Istio's default resources (the ingress gateway it assumes), then the files, with the mesh
// config of --mesh-config when given.
func runAnalyze(args []string) error {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	meshConfig := fs.String("mesh-config", "", "a MeshConfig YAML file (istioctl analyze --meshConfigFile)")
	istioNamespace := fs.String("istio-namespace", "istio-system", "Istio's root namespace")
	namespace := fs.String("namespace", "", "report only this namespace (istioctl's default is 'default'; empty: all, as -A)")
	runtime := fs.Bool("runtime-resources", true, "read Pods, Services, Namespaces, Nodes and Secrets from the files, as Istio's analyzer tests do and as a cluster holding them would (istioctl analyze --use-kube=false drops them and skips the analyzers that need them)")
	each := fs.Bool("each", false, "analyze every FILE on its own (as its own cluster) and print an array of results, one per FILE")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *each {
		results := [][]finding{}
		for _, file := range fs.Args() {
			findings, err := analyzeFiles([]string{file}, *meshConfig, *namespace, *istioNamespace, *runtime)
			if err != nil {
				return fmt.Errorf("%s: %v", file, err)
			}
			results = append(results, findings)
		}
		return printJSON(results)
	}
	findings, err := analyzeFiles(fs.Args(), *meshConfig, *namespace, *istioNamespace, *runtime)
	if err != nil {
		return err
	}
	return printJSON(findings)
}

func analyzeFiles(files []string, meshConfig, namespace, istioNamespace string, runtime bool) ([]finding, error) {
	sa := local.NewIstiodAnalyzer(analyzers.AllCombined(), resource.Namespace(namespace), resource.Namespace(istioNamespace), nil)
	if meshConfig != "" {
		if err := sa.AddFileKubeMeshConfig(meshConfig); err != nil {
			return nil, err
		}
	}
	var readers []local.ReaderSource
	for _, file := range files {
		in, err := open(file)
		if err != nil {
			return nil, err
		}
		defer in.Close()
		readers = append(readers, local.ReaderSource{Name: file, Reader: in})
	}
	add := sa.AddReaderKubeSource
	if runtime {
		add = sa.AddTestReaderKubeSource
	}
	// the default resources first, as istioctl adds them, so that they share the files' source
	if err := sa.AddDefaultResources(); err != nil {
		return nil, err
	}
	if err := add(readers); err != nil {
		return nil, err
	}
	cancel := make(chan struct{})
	defer close(cancel)
	result, err := sa.Analyze(cancel)
	if err != nil {
		return nil, err
	}
	findings := []finding{}
	for _, m := range result.Messages {
		u := m.Unstructured(false)
		f := finding{Code: m.Type.Code(), Level: m.Type.Level().String(), Message: u["message"].(string)}
		if m.Resource != nil {
			f.Resource = m.Resource.Origin.FriendlyName()
		}
		findings = append(findings, f)
	}
	sort.SliceStable(findings, func(i, j int) bool {
		if findings[i].Code != findings[j].Code {
			return findings[i].Code < findings[j].Code
		}
		return findings[i].Resource < findings[j].Resource
	})
	return findings, nil
}
