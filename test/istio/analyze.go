package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

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
// the files, then Istio's default resources (the ingress gateway it assumes), with the mesh config
// of --mesh-config when given. With --runtime-resources (the default) Pods, Services, Namespaces,
// Nodes and Secrets are read from the files as Istio's analyzer tests read them (istioctl drops
// them from files and skips the analyzers that need them); with --simulate-cluster the files are
// first turned into the cluster state that applying them produces (see cluster.go).
func runAnalyze(args []string) error {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	var o analyzeOptions
	fs.StringVar(&o.meshConfig, "mesh-config", "", "a MeshConfig YAML file (istioctl analyze --meshConfigFile)")
	fs.StringVar(&o.istioNamespace, "istio-namespace", "istio-system", "Istio's root namespace")
	fs.StringVar(&o.namespace, "namespace", "", "report only this namespace (istioctl's default is 'default'; empty: all, as -A)")
	fs.BoolVar(&o.runtime, "runtime-resources", true, "read Pods, Services, Namespaces, Nodes and Secrets from the files, as Istio's analyzer tests do and as a cluster holding them would (istioctl analyze --use-kube=false drops them and skips the analyzers that need them)")
	fs.BoolVar(&o.defaults, "default-resources", true, "add the resources istioctl assumes for files (a Pod labelled istio=ingressgateway and its Service in the Istio namespace)")
	fs.BoolVar(&o.simulate, "simulate-cluster", false, "analyze the cluster state that applying the files produces: a running Pod per workload (injected as the webhook would), the namespaces a cluster has, API defaults of Services, the mesh config of the istio ConfigMap (see cluster.go)")
	fs.BoolVar(&o.assumeInjected, "assume-injected", true, "with --simulate-cluster: namespaces the files do not declare are labelled istio-injection=enabled (else disabled)")
	each := fs.Bool("each", false, "analyze every FILE on its own (as its own cluster) and print an array of results, one per FILE")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*each {
		findings, err := analyzeFiles(fs.Args(), o)
		if err != nil {
			return err
		}
		return printJSON(findings)
	}
	results := [][]finding{}
	for _, file := range fs.Args() {
		findings, err := analyzeFiles([]string{file}, o)
		if err != nil {
			return fmt.Errorf("%s: %v", file, err)
		}
		results = append(results, findings)
	}
	return printJSON(results)
}

// analyzeOptions are the flags of the analyze command.
type analyzeOptions struct {
	meshConfig, istioNamespace, namespace       string
	runtime, defaults, simulate, assumeInjected bool
}

// analyzeFiles analyzes the files together, as one cluster.
func analyzeFiles(files []string, o analyzeOptions) ([]finding, error) {
	sa := local.NewIstiodAnalyzer(analyzers.AllCombined(), resource.Namespace(o.namespace), resource.Namespace(o.istioNamespace), nil)
	var readers []local.ReaderSource
	meshConfig := o.meshConfig
	if o.simulate {
		var objects []object
		for _, file := range files {
			in, err := open(file)
			if err != nil {
				return nil, err
			}
			read, err := readObjects(in)
			in.Close()
			if err != nil {
				return nil, fmt.Errorf("%s: %v", file, err)
			}
			objects = append(objects, read...)
		}
		objects, meshYAML := simulateCluster(objects, o.istioNamespace, o.assumeInjected)
		text, err := toYAML(objects)
		if err != nil {
			return nil, err
		}
		readers = append(readers, local.ReaderSource{Name: "cluster", Reader: strings.NewReader(text)})
		if meshYAML != "" && meshConfig == "" {
			file, err := os.CreateTemp("", "istio-oracle-mesh-*.yaml")
			if err != nil {
				return nil, err
			}
			defer os.Remove(file.Name())
			if _, err := file.WriteString(meshYAML); err != nil {
				return nil, err
			}
			file.Close()
			meshConfig = file.Name()
		}
	} else {
		for _, file := range files {
			in, err := open(file)
			if err != nil {
				return nil, err
			}
			defer in.Close()
			readers = append(readers, local.ReaderSource{Name: file, Reader: in})
		}
	}
	if meshConfig != "" {
		if err := sa.AddFileKubeMeshConfig(meshConfig); err != nil {
			return nil, err
		}
	}
	add := sa.AddReaderKubeSource
	if o.runtime || o.simulate {
		add = sa.AddTestReaderKubeSource
	}
	// the default resources first, as istioctl adds them, so that the files' objects replace them;
	// but the first source added decides which kinds are read, so an empty one of the files' kind
	// comes before them (istioctl drops the defaults' Pod and Service with the files' own)
	if err := add(nil); err != nil {
		return nil, err
	}
	if o.defaults {
		if err := sa.AddDefaultResources(); err != nil {
			return nil, err
		}
	}
	if err := add(readers); err != nil {
		// as istioctl: objects it cannot read are skipped, the others analyzed
		fmt.Fprintln(os.Stderr, "istio-oracle: skipped: "+err.Error())
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
			// a Pod the simulated cluster runs for a controller: the finding is about the controller
			if from := m.Resource.Metadata.Annotations[simulatedFrom]; from != "" {
				f.Resource = from
			}
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
