package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	istiocrd "istio.io/istio/pilot/pkg/config/kube/crd"
	"istio.io/istio/pilot/pkg/model"
	"istio.io/istio/pilot/pkg/networking/core"
	"istio.io/istio/pilot/pkg/serviceregistry/kube"
	"istio.io/istio/pkg/config/mesh"
)

// scopeInput is what `istio-oracle scope` reads on standard input: the Istio configs (YAML), the
// Kubernetes Services, the proxies to build configuration for, and optional mesh config YAML.
type scopeInput struct {
	Configs    string            `json:"configs"`
	Services   []json.RawMessage `json:"services"`
	Proxies    []scopeProxy      `json:"proxies"`
	MeshConfig string            `json:"meshConfig"`
}

type scopeProxy struct {
	Namespace string            `json:"namespace"`
	Labels    map[string]string `json:"labels"`
	Gateway   bool              `json:"gateway"`
}

type scopeRoute struct {
	Name         string   `json:"name"`
	VirtualHosts []string `json:"virtualHosts"`
}

type scopeOutput struct {
	Services []string     `json:"services"`
	Clusters []string     `json:"clusters"`
	Routes   []scopeRoute `json:"routes"`
}

// failer is the test.Failer istiod's config generator test harness needs: a failure ends the program.
type failer struct{ cleanups []func() }

func (f *failer) Fail()                     { fail("failed") }
func (f *failer) FailNow()                  { fail("failed") }
func (f *failer) Fatal(args ...any)         { fail(fmt.Sprint(args...)) }
func (f *failer) Fatalf(s string, a ...any) { fail(fmt.Sprintf(s, a...)) }
func (f *failer) Log(args ...any)           {}
func (f *failer) Logf(s string, a ...any)   {}
func (f *failer) TempDir() string           { d, _ := os.MkdirTemp("", "scope"); return d }
func (f *failer) Helper()                   {}
func (f *failer) Cleanup(fn func())         { f.cleanups = append(f.cleanups, fn) }
func (f *failer) Skip(args ...any)          { fail("skipped") }

// runScope builds each proxy's configuration with istiod's own config generator (the harness of
// its unit tests: an in-memory config store, the ServiceEntry registry, and the Kubernetes
// Services converted as istiod converts them) and prints, per proxy, the hostnames of its
// SidecarScope, its outbound clusters, and its HTTP route configurations with their virtual hosts.
func runScope() error {
	var in scopeInput
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		return err
	}
	m := mesh.DefaultMeshConfig()
	if in.MeshConfig != "" {
		parsed, err := mesh.ApplyMeshConfig(in.MeshConfig, m)
		if err != nil {
			return err
		}
		m = parsed
	}
	var services []*model.Service
	for _, raw := range in.Services {
		var svc corev1.Service
		if err := yaml.Unmarshal(raw, &svc); err != nil {
			return err
		}
		if svc.Namespace == "" {
			svc.Namespace = "default"
		}
		services = append(services, kube.ConvertService(svc, nil, "cluster.local", "", "cluster.local"))
	}
	// as istiod's Kubernetes config store reads them: in `default` when written without a
	// namespace, in the cluster's domain (short hosts resolve to <host>.<namespace>.svc.cluster.local)
	configs, _, err := istiocrd.ParseInputs(in.Configs)
	if err != nil {
		return err
	}
	t0 := time.Now()
	for i := range configs {
		if configs[i].Namespace == "" {
			configs[i].Namespace = "default"
		}
		configs[i].Domain = "cluster.local"
		// input order stands in for creation order
		configs[i].CreationTimestamp = t0.Add(time.Duration(i) * time.Second)
	}
	f := &failer{}
	cg := core.NewConfigGenTest(f, core.TestOptions{Configs: configs, Services: services, MeshConfig: m})
	out := make([]scopeOutput, 0, len(in.Proxies))
	for i, p := range in.Proxies {
		proxy := &model.Proxy{ConfigNamespace: p.Namespace, Labels: p.Labels, ID: fmt.Sprintf("proxy-%d.%s", i, p.Namespace),
			Metadata: &model.NodeMetadata{Labels: p.Labels}}
		if p.Gateway {
			proxy.Type = model.Router
		}
		proxy = cg.SetupProxy(proxy)
		o := scopeOutput{Services: []string{}, Clusters: []string{}, Routes: []scopeRoute{}}
		for _, s := range proxy.SidecarScope.Services() {
			o.Services = append(o.Services, string(s.Hostname))
		}
		for _, c := range cg.Clusters(proxy) {
			if strings.HasPrefix(c.Name, "outbound|") {
				o.Clusters = append(o.Clusters, c.Name)
			}
		}
		if !p.Gateway {
			for _, r := range cg.Routes(proxy) {
				vhosts := []string{}
				for _, vh := range r.VirtualHosts {
					vhosts = append(vhosts, vh.Name)
				}
				sort.Strings(vhosts)
				o.Routes = append(o.Routes, scopeRoute{Name: r.Name, VirtualHosts: vhosts})
			}
		}
		sort.Strings(o.Services)
		sort.Strings(o.Clusters)
		sort.Slice(o.Routes, func(a, b int) bool { return o.Routes[a].Name < o.Routes[b].Name })
		out = append(out, o)
	}
	for _, fn := range f.cleanups {
		fn()
	}
	return printJSON(out)
}
