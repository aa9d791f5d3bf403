package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	meshconfig "istio.io/api/mesh/v1alpha1"
	"istio.io/istio/operator/pkg/render"
	"istio.io/istio/pkg/config/mesh"
	"istio.io/istio/pkg/kube/inject"
)

// runInject injects the sidecar into the objects of FILE as `istioctl kube-inject` does, with the
// injection templates, values and mesh config that Istio's own charts (built into this binary)
// render for the given settings.
func runInject(args []string) error {
	fs := flag.NewFlagSet("inject", flag.ContinueOnError)
	hub := fs.String("hub", "docker.io/istio", "image hub")
	tag := fs.String("tag", "latest", "image tag")
	revision := fs.String("revision", "", "control plane revision")
	native := fs.Bool("native-sidecars", true, "inject the proxy as a native sidecar (an init container)")
	var sets multiFlag
	fs.Var(&sets, "set", "further --set flags for the chart (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("inject takes one FILE")
	}
	// Istio reads the ENABLE_NATIVE_SIDECARS feature flag from the environment when its packages
	// start, before any flag is parsed: run again with the environment that --native-sidecars asks for
	if want := strconv.FormatBool(*native); os.Getenv("ENABLE_NATIVE_SIDECARS") != want {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		env := []string{"ENABLE_NATIVE_SIDECARS=" + want}
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "ENABLE_NATIVE_SIDECARS=") {
				env = append(env, kv)
			}
		}
		return syscall.Exec(self, os.Args, env)
	}
	flags := []string{"profile=empty", "components.pilot.enabled=true", "hub=" + *hub, "tag=" + *tag,
		fmt.Sprintf("values.pilot.env.ENABLE_NATIVE_SIDECARS=%t", *native)}
	if *revision != "" {
		flags = append(flags, "revision="+*revision)
	}
	flags = append(flags, sets...)
	templates, values, meshCfg, err := injectionSettings(flags)
	if err != nil {
		return err
	}
	in, err := open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer in.Close()
	rev := *revision
	if rev == "" {
		rev = "default"
	}
	return inject.IntoResourceFile(nil, templates, values, rev, meshCfg, in, os.Stdout, func(w string) {
		fmt.Fprintln(os.Stderr, "warning: "+w)
	})
}

// injectionSettings renders the istiod chart and reads the sidecar injector's templates and values
// and the mesh config from its ConfigMaps, as Istio's injection tests do.
func injectionSettings(flags []string) (inject.Templates, inject.ValuesConfig, *meshconfig.MeshConfig, error) {
	sets, _, err := render.GenerateManifest(nil, flags, false, nil, nil)
	if err != nil {
		return nil, inject.ValuesConfig{}, nil, fmt.Errorf("rendering the istiod chart: %v", err)
	}
	var templates inject.Templates
	var values inject.ValuesConfig
	var meshCfg *meshconfig.MeshConfig
	for _, set := range sets {
		for _, o := range set.Manifests {
			if o.GetKind() != "ConfigMap" {
				continue
			}
			data, _ := o.Object["data"].(map[string]any)
			switch {
			case strings.HasPrefix(o.GetName(), "istio-sidecar-injector"):
				cfg, err := inject.UnmarshalConfig([]byte(data["config"].(string)))
				if err != nil {
					return nil, values, nil, err
				}
				if templates, err = inject.ParseTemplates(cfg.RawTemplates); err != nil {
					return nil, values, nil, err
				}
				if values, err = inject.NewValuesConfig(data["values"].(string)); err != nil {
					return nil, values, nil, err
				}
			case o.GetName() == "istio" || strings.HasPrefix(o.GetName(), "istio-"):
				if m, ok := data["mesh"].(string); ok {
					if meshCfg, err = mesh.ApplyMeshConfig(m, mesh.DefaultMeshConfig()); err != nil {
						return nil, values, nil, err
					}
				}
			}
		}
	}
	if templates == nil || meshCfg == nil {
		return nil, values, nil, fmt.Errorf("the rendered chart has no sidecar injector or mesh config")
	}
	return templates, values, meshCfg, nil
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
