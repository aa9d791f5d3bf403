package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sort"
	"strings"
	"time"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	kubeyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// The cluster state that applying manifests produces, for istioctl analyze to read as it reads a
// live cluster (--simulate-cluster). Istio's analyzers match selectors against running Pods and
// read the Namespaces, Services and mesh config a cluster holds; manifests hold pod templates and
// leave out what every cluster has. Each fact simulated here is one a cluster would add:
//
//  1. Objects written without a namespace are in `default` (kubectl apply puts them there).
//  2. Service ports get the API server's defaults: protocol TCP, targetPort = port.
//  3. Every workload controller (Deployment, StatefulSet, DaemonSet, ReplicaSet,
//     ReplicationController, Job, CronJob) runs one Pod, named as the controller, with its pod
//     template's labels, annotations and spec. Istio's injection webhooks (those of the input's
//     MutatingWebhookConfigurations, else the ones a default install creates, added to the
//     cluster) inject it when injects() says so: the `istio-proxy` container is added, or its
//     `image: auto` replaced, with the injector ConfigMap's proxy image when the input has one.
//     istio-cni annotates pods it captures for ambient mode (ambient()). Istio's gateway
//     controller runs a Pod `<name>-istio` for each Gateway API Gateway of class istio without
//     addresses. Given Pods are taken as they run. Findings on these Pods are printed on the
//     object that runs them ("Deployment ns/name").
//  4. Namespaces: `default`, the Istio namespace and every namespace an object is in exist; those
//     the input does not declare are labelled istio-injection=enabled (--assume-injected) or
//     istio-injection=disabled, except the Istio namespace (no label). Every namespace has the
//     label kubernetes.io/metadata.name (the API server adds it). Kubernetes' own namespaces
//     (kube-system, kube-public, kube-node-lease, local-path-storage) are left out: istioctl
//     ignores every object in them.
//  7. istiod's IP auto-allocation controller (PILOT_ENABLE_IP_AUTOALLOCATE, on by default) writes
//     addresses into the status of each ServiceEntry with a resolution other than NONE, without
//     addresses of its own and not labelled networking.istio.io/enable-autoallocate-ip=false, for
//     each of its hosts that is no wildcard (any host with DYNAMIC_DNS).
//  6. cert-manager issues every cert-manager.io Certificate: its secretName is a Secret in its
//     namespace holding a valid certificate and key. A Secret's stringData is merged into its data.
//  5. The mesh config is the `mesh` key of the ConfigMap `istio` in the Istio namespace, as
//     istioctl reads it from a cluster (unless --mesh-config names a file).
//
// cdk8s-mesh's analysis (src/analysis) assumes the same facts, documented in its README.

// ignoredNamespaces are the namespaces istioctl leaves out (inject.IgnoredNamespaces).
var ignoredNamespaces = map[string]bool{"kube-system": true, "kube-public": true, "kube-node-lease": true, "local-path-storage": true}

// clusterScoped kinds have no namespace.
var clusterScoped = map[string]bool{
	"Namespace": true, "Node": true, "PersistentVolume": true, "StorageClass": true, "PriorityClass": true,
	"IngressClass": true, "RuntimeClass": true, "ClusterRole": true, "ClusterRoleBinding": true,
	"CustomResourceDefinition": true, "APIService": true, "MutatingWebhookConfiguration": true,
	"ValidatingWebhookConfiguration": true, "ValidatingAdmissionPolicy": true, "ValidatingAdmissionPolicyBinding": true,
	"GatewayClass": true,
}

type object = map[string]any

// readObjects reads every YAML document of the input (List kinds item by item).
func readObjects(in io.Reader) ([]object, error) {
	decoder := kubeyaml.NewYAMLOrJSONDecoder(in, 4096)
	var out []object
	for {
		var doc any
		err := decoder.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		o, ok := doc.(object)
		if !ok || o == nil {
			continue // istioctl reads only objects
		}
		if kind, _ := o["kind"].(string); strings.HasSuffix(kind, "List") {
			if items, ok := o["items"].([]any); ok {
				for _, item := range items {
					if m, ok := item.(object); ok {
						out = append(out, m)
					}
				}
				continue
			}
		}
		out = append(out, o)
	}
}

func mapOf(v any) object {
	m, _ := v.(object)
	return m
}

func stringMap(v any) map[string]string {
	out := map[string]string{}
	for k, x := range mapOf(v) {
		if s, ok := x.(string); ok {
			out[k] = s
		}
	}
	return out
}

func kindOf(o object) string {
	k, _ := o["kind"].(string)
	return k
}

func namespaceOf(o object) string {
	ns, _ := mapOf(o["metadata"])["namespace"].(string)
	return ns
}

// podTemplate is the pod template of a workload controller.
func podTemplate(o object) object {
	spec := mapOf(o["spec"])
	switch kindOf(o) {
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job":
		return mapOf(spec["template"])
	case "CronJob":
		return mapOf(mapOf(mapOf(spec["jobTemplate"])["spec"])["template"])
	}
	return nil
}

type cluster struct {
	webhooks       []webhook
	istioNamespace string
	assumeInjected bool
	// namespace labels: declared ones, and the simulated labels of undeclared ones
	namespaces map[string]map[string]string
	// the sidecar injector ConfigMaps' `values`, by name
	injectorValues map[string]string
}

// enableNamespacesByDefault reads sidecarInjectorWebhook.enableNamespacesByDefault of the injector
// ConfigMap of a revision.
func (c *cluster) enableNamespacesByDefault(revision string) bool {
	var values struct {
		SidecarInjectorWebhook struct {
			EnableNamespacesByDefault bool `json:"enableNamespacesByDefault"`
		} `json:"sidecarInjectorWebhook"`
	}
	_ = json.Unmarshal([]byte(c.injectorValues[injectorName(revision)]), &values)
	return values.SidecarInjectorWebhook.EnableNamespacesByDefault
}

func injectorName(revision string) string {
	if revision == "" || revision == "default" {
		return "istio-sidecar-injector"
	}
	return "istio-sidecar-injector-" + revision
}

// proxyImage is the proxy image the injector of a revision configures (global.proxy.image, or
// hub/image:tag), as injection.ImageAnalyzer reads it.
func (c *cluster) proxyImage(revision string) string {
	var values struct {
		Global struct {
			Hub   string `json:"hub"`
			Tag   string `json:"tag"`
			Proxy struct {
				Image string `json:"image"`
			} `json:"proxy"`
		} `json:"global"`
	}
	text, ok := c.injectorValues[injectorName(revision)]
	if !ok || json.Unmarshal([]byte(text), &values) != nil {
		return "docker.io/istio/proxyv2:simulated"
	}
	if strings.Contains(values.Global.Proxy.Image, "/") {
		return values.Global.Proxy.Image
	}
	return fmt.Sprintf("%s/%s:%s", values.Global.Hub, values.Global.Proxy.Image, values.Global.Tag)
}

// webhook is an Istio injection webhook: its selectors and its configuration's revision.
type webhook struct {
	namespaceSelector, objectSelector *metav1.LabelSelector
	revision                          string
}

func expression(key string, op metav1.LabelSelectorOperator, values ...string) metav1.LabelSelectorRequirement {
	return metav1.LabelSelectorRequirement{Key: key, Operator: op, Values: values}
}

// defaultWebhooks are the injection webhooks of a default install (the istiod chart's
// mutatingwebhook.yaml for revision ""): with enableNamespacesByDefault, also the "auto." one.
func defaultWebhooks(enableByDefault bool) []admissionv1.MutatingWebhook {
	notDisabled := expression("sidecar.istio.io/inject", metav1.LabelSelectorOpNotIn, "false")
	unlabelled := []metav1.LabelSelectorRequirement{expression("istio-injection", metav1.LabelSelectorOpDoesNotExist),
		expression("istio.io/rev", metav1.LabelSelectorOpDoesNotExist)}
	url := "https://istiod.istio-system.svc:443/inject"
	none := admissionv1.SideEffectClassNone
	hook := func(name string, ns, obj []metav1.LabelSelectorRequirement) admissionv1.MutatingWebhook {
		return admissionv1.MutatingWebhook{Name: name, ClientConfig: admissionv1.WebhookClientConfig{URL: &url}, SideEffects: &none,
			AdmissionReviewVersions: []string{"v1"},
			NamespaceSelector:       &metav1.LabelSelector{MatchExpressions: ns}, ObjectSelector: &metav1.LabelSelector{MatchExpressions: obj}}
	}
	hooks := []admissionv1.MutatingWebhook{
		hook("rev.namespace.sidecar-injector.istio.io", []metav1.LabelSelectorRequirement{
			expression("istio.io/rev", metav1.LabelSelectorOpIn, "default"), expression("istio-injection", metav1.LabelSelectorOpDoesNotExist)},
			[]metav1.LabelSelectorRequirement{notDisabled}),
		hook("rev.object.sidecar-injector.istio.io", unlabelled,
			[]metav1.LabelSelectorRequirement{notDisabled, expression("istio.io/rev", metav1.LabelSelectorOpIn, "default")}),
		hook("namespace.sidecar-injector.istio.io", []metav1.LabelSelectorRequirement{expression("istio-injection", metav1.LabelSelectorOpIn, "enabled")},
			[]metav1.LabelSelectorRequirement{notDisabled}),
		hook("object.sidecar-injector.istio.io", unlabelled, []metav1.LabelSelectorRequirement{
			expression("sidecar.istio.io/inject", metav1.LabelSelectorOpIn, "true"), expression("istio.io/rev", metav1.LabelSelectorOpDoesNotExist)}),
	}
	if enableByDefault {
		hooks = append(hooks, hook("auto.sidecar-injector.istio.io",
			append(append([]metav1.LabelSelectorRequirement{}, unlabelled...), expression("kubernetes.io/metadata.name", metav1.LabelSelectorOpNotIn,
				"kube-system", "kube-public", "kube-node-lease", "local-path-storage")),
			[]metav1.LabelSelectorRequirement{expression("sidecar.istio.io/inject", metav1.LabelSelectorOpDoesNotExist),
				expression("istio.io/rev", metav1.LabelSelectorOpDoesNotExist)}))
	}
	return hooks
}

func selectorMatches(selector *metav1.LabelSelector, set map[string]string) bool {
	if selector == nil {
		return true
	}
	s, err := metav1.LabelSelectorAsSelector(selector)
	return err == nil && s.Matches(labels.Set(set))
}

// injects says whether Istio injects a pod, and with which revision: a webhook's selectors match
// the namespace's and the pod's labels, and the injector agrees (not in Kubernetes' own
// namespaces, not for host-network pods, not when the pod's sidecar.istio.io/inject label, else
// annotation, is "false").
func (c *cluster) injects(namespace string, metadata object, spec object) (bool, string) {
	if ignoredNamespaces[namespace] || spec["hostNetwork"] == true {
		return false, ""
	}
	podLabels := stringMap(metadata["labels"])
	setting, labelled := podLabels["sidecar.istio.io/inject"]
	if !labelled {
		setting = stringMap(metadata["annotations"])["sidecar.istio.io/inject"]
	}
	if setting == "false" {
		return false, ""
	}
	for _, w := range c.webhooks {
		if selectorMatches(w.namespaceSelector, c.namespaces[namespace]) && selectorMatches(w.objectSelector, podLabels) {
			return true, w.revision
		}
	}
	return false, ""
}

// ambient says whether istio-cni captures a pod for ambient mode: not when it runs a sidecar, nor
// when labelled istio.io/dataplane-mode=none; when it or its namespace is labelled
// istio.io/dataplane-mode=ambient.
func (c *cluster) ambient(namespace string, labels map[string]string, injected bool) bool {
	if injected {
		return false
	}
	if mode, ok := labels["istio.io/dataplane-mode"]; ok {
		return mode == "ambient"
	}
	return c.namespaces[namespace]["istio.io/dataplane-mode"] == "ambient"
}

// simulatedFrom marks the Pods this file adds with the object that runs them ("Kind namespace/name").
const simulatedFrom = "simulated.cdk8s-mesh.dev/from"

// proxyContainer is the pod's istio-proxy container (or init container).
func proxyContainer(spec object) object {
	for _, field := range []string{"containers", "initContainers"} {
		list, _ := spec[field].([]any)
		for _, c := range list {
			if n, _ := mapOf(c)["name"].(string); n == "istio-proxy" {
				return mapOf(c)
			}
		}
	}
	return nil
}

// simulateCluster turns manifests into the objects a cluster holds once they are applied, and
// returns the mesh config YAML of the `istio` ConfigMap (empty when there is none).
func simulateCluster(objects []object, istioNamespace string, assumeInjected bool) ([]object, string) {
	c := &cluster{istioNamespace: istioNamespace, assumeInjected: assumeInjected,
		namespaces: map[string]map[string]string{}, injectorValues: map[string]string{}}
	meshConfig := ""
	used := map[string]bool{"default": true, istioNamespace: true}
	for _, o := range objects {
		kind := kindOf(o)
		metadata := mapOf(o["metadata"])
		if metadata == nil {
			continue
		}
		name, _ := metadata["name"].(string)
		if kind == "Namespace" {
			// the API server labels every namespace with its name
			nsLabels := mapOf(metadata["labels"])
			if nsLabels == nil {
				nsLabels = object{}
				metadata["labels"] = nsLabels
			}
			nsLabels["kubernetes.io/metadata.name"] = name
			c.namespaces[name] = stringMap(nsLabels)
			continue
		}
		if kind == "MutatingWebhookConfiguration" {
			revision := stringMap(metadata["labels"])["istio.io/rev"]
			if revision == "" {
				revision = "default"
			}
			var config admissionv1.MutatingWebhookConfiguration
			if b, err := json.Marshal(o); err == nil && json.Unmarshal(b, &config) == nil {
				for _, w := range config.Webhooks {
					if strings.HasSuffix(w.Name, "istio.io") {
						c.webhooks = append(c.webhooks, webhook{w.NamespaceSelector, w.ObjectSelector, revision})
					}
				}
			}
			continue
		}
		if clusterScoped[kind] {
			continue
		}
		// 1. kubectl apply puts objects without a namespace into default
		if namespaceOf(o) == "" {
			metadata["namespace"] = "default"
		}
		used[namespaceOf(o)] = true
		if kind == "ConfigMap" {
			data := stringMap(o["data"])
			if strings.HasPrefix(name, "istio-sidecar-injector") {
				c.injectorValues[name] = data["values"]
			}
			if name == "istio" && namespaceOf(o) == istioNamespace {
				meshConfig = data["mesh"]
			}
		}
	}

	out := append([]object{}, objects...)
	// 3. Istio's injection webhooks: a default install's when the input has none
	if len(c.webhooks) == 0 {
		hooks := defaultWebhooks(c.enableNamespacesByDefault(""))
		for i := range hooks {
			c.webhooks = append(c.webhooks, webhook{hooks[i].NamespaceSelector, hooks[i].ObjectSelector, "default"})
		}
		config := admissionv1.MutatingWebhookConfiguration{TypeMeta: metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "MutatingWebhookConfiguration"},
			ObjectMeta: metav1.ObjectMeta{Name: "cdk8s-mesh-assumed-istio-injector"}, Webhooks: hooks}
		var o object
		b, _ := json.Marshal(config)
		_ = json.Unmarshal(b, &o)
		out = append(out, o)
	}
	secrets := map[string]bool{}
	for _, o := range objects {
		if kindOf(o) == "Secret" {
			secrets[namespaceOf(o)+"/"+stringOf(mapOf(o["metadata"])["name"])] = true
			// 6. the API server merges stringData into data
			if stringData := stringMap(o["stringData"]); len(stringData) > 0 {
				data := mapOf(o["data"])
				if data == nil {
					data = object{}
					o["data"] = data
				}
				for k, v := range stringData {
					data[k] = base64.StdEncoding.EncodeToString([]byte(v))
				}
				delete(o, "stringData")
			}
		}
	}
	// 4. the namespaces a cluster has
	var missing []string
	for ns := range used {
		if _, declared := c.namespaces[ns]; !declared && !ignoredNamespaces[ns] {
			missing = append(missing, ns)
		}
	}
	sort.Strings(missing)
	for _, ns := range missing {
		labels := map[string]any{"kubernetes.io/metadata.name": ns}
		c.namespaces[ns] = map[string]string{"kubernetes.io/metadata.name": ns}
		if ns != istioNamespace {
			value := "disabled"
			if assumeInjected {
				value = "enabled"
			}
			labels["istio-injection"] = value
			c.namespaces[ns]["istio-injection"] = value
		}
		out = append(out, object{"apiVersion": "v1", "kind": "Namespace", "metadata": object{"name": ns, "labels": labels}})
	}

	for _, o := range objects {
		switch kindOf(o) {
		case "Service":
			// 2. the API server's defaults for Service ports
			ports, _ := mapOf(o["spec"])["ports"].([]any)
			for _, p := range ports {
				port := mapOf(p)
				if port == nil {
					continue
				}
				if port["protocol"] == nil || port["protocol"] == "" {
					port["protocol"] = "TCP"
				}
				if port["targetPort"] == nil || port["targetPort"] == "" || port["targetPort"] == float64(0) || port["targetPort"] == int64(0) {
					port["targetPort"] = port["port"]
				}
			}
		case "ServiceEntry":
			// 7. istiod allocates addresses
			spec := mapOf(o["spec"])
			resolution := stringOf(spec["resolution"])
			addresses, _ := spec["addresses"].([]any)
			optOut := strings.EqualFold(stringMap(mapOf(o["metadata"])["labels"])["networking.istio.io/enable-autoallocate-ip"], "false")
			if resolution == "" || resolution == "NONE" || len(addresses) > 0 || optOut || o["status"] != nil {
				continue
			}
			var allocated []any
			hosts, _ := spec["hosts"].([]any)
			for _, h := range hosts {
				if host := stringOf(h); host != "" && (!strings.HasPrefix(host, "*") || resolution == "DYNAMIC_DNS") {
					allocated = append(allocated, object{"value": fmt.Sprintf("240.240.0.%d", len(allocated)+1), "host": host})
				}
			}
			if len(allocated) > 0 {
				o["status"] = object{"addresses": allocated}
			}
		case "Certificate":
			// 6. cert-manager writes the Certificate's Secret
			if !strings.HasPrefix(stringOf(o["apiVersion"]), "cert-manager.io/") {
				continue
			}
			secretName := stringOf(mapOf(o["spec"])["secretName"])
			if secretName == "" || secrets[namespaceOf(o)+"/"+secretName] {
				continue
			}
			secrets[namespaceOf(o)+"/"+secretName] = true
			cert, key := validCertificate()
			out = append(out, object{"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
				"metadata": object{"name": secretName, "namespace": namespaceOf(o)},
				"data":     object{"tls.crt": cert, "tls.key": key}})
		case "Gateway":
			// 3. Istio's gateway controller deploys Gateway API gateways of class istio
			spec := mapOf(o["spec"])
			if !strings.HasPrefix(stringOf(o["apiVersion"]), "gateway.networking.k8s.io/") || stringOf(spec["gatewayClassName"]) != "istio" {
				continue
			}
			if addresses, _ := spec["addresses"].([]any); len(addresses) > 0 {
				continue
			}
			name := stringOf(mapOf(o["metadata"])["name"])
			infrastructure := mapOf(spec["infrastructure"])
			labels := object{"sidecar.istio.io/inject": "false", "service.istio.io/canonical-name": name + "-istio",
				"service.istio.io/canonical-revision": "latest"}
			for k, v := range stringMap(infrastructure["labels"]) {
				labels[k] = v
			}
			labels["gateway.networking.k8s.io/gateway-name"] = name
			labels["gateway.networking.k8s.io/gateway-class-name"] = "istio"
			labels["gateway.istio.io/managed"] = "istio.io-gateway-controller"
			annotations := object{simulatedFrom: "Gateway " + namespaceOf(o) + "/" + name}
			for k, v := range stringMap(infrastructure["annotations"]) {
				annotations[k] = v
			}
			out = append(out, object{"apiVersion": "v1", "kind": "Pod",
				"metadata": object{"name": name + "-istio", "namespace": namespaceOf(o), "labels": labels, "annotations": annotations},
				"spec":     object{"containers": []any{object{"name": "istio-proxy", "image": c.proxyImage("")}}}})
		default:
			// 3. a running Pod per workload controller
			template := podTemplate(o)
			if template == nil {
				continue
			}
			namespace := namespaceOf(o)
			name, _ := mapOf(o["metadata"])["name"].(string)
			templateMeta := mapOf(template["metadata"])
			spec := deepCopy(mapOf(template["spec"]))
			if spec == nil {
				spec = object{}
			}
			if inject, revision := c.injects(namespace, templateMeta, spec); inject {
				if proxy := proxyContainer(spec); proxy == nil {
					containers, _ := spec["containers"].([]any)
					spec["containers"] = append(containers, object{"name": "istio-proxy", "image": c.proxyImage(revision)})
				} else if proxy["image"] == "auto" {
					proxy["image"] = c.proxyImage(revision)
				}
			}
			metadata := object{"name": name, "namespace": namespace}
			if l := templateMeta["labels"]; l != nil {
				metadata["labels"] = deepCopy(mapOf(l))
			}
			annotations := deepCopy(mapOf(templateMeta["annotations"]))
			if annotations == nil {
				annotations = object{}
			}
			annotations[simulatedFrom] = kindOf(o) + " " + namespace + "/" + name
			if annotations["ambient.istio.io/redirection"] == nil &&
				c.ambient(namespace, stringMap(templateMeta["labels"]), hasProxyImage(spec)) {
				annotations["ambient.istio.io/redirection"] = "enabled"
			}
			metadata["annotations"] = annotations
			out = append(out, object{"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec})
		}
	}
	return out, meshConfig
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

// hasProxyImage says whether a pod spec runs istio-proxy with an image.
func hasProxyImage(spec object) bool {
	for _, field := range []string{"containers", "initContainers"} {
		list, _ := spec[field].([]any)
		for _, c := range list {
			if stringOf(mapOf(c)["name"]) == "istio-proxy" {
				return stringOf(mapOf(c)["image"]) != ""
			}
		}
	}
	return false
}

// validCertificate is a self-signed certificate, valid from an hour ago for a year, and its key
// (base64 PEM, as Secret data).
func validCertificate() (string, string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	template := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "simulated"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(365 * 24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		panic(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	return base64.StdEncoding.EncodeToString(certPEM), base64.StdEncoding.EncodeToString(keyPEM)
}

func deepCopy(o object) object {
	if o == nil {
		return nil
	}
	b, _ := json.Marshal(o)
	var out object
	_ = json.Unmarshal(b, &out)
	return out
}

// toYAML writes objects as one multi-document YAML stream.
func toYAML(objects []object) (string, error) {
	var b bytes.Buffer
	for _, o := range objects {
		y, err := yaml.Marshal(o)
		if err != nil {
			return "", err
		}
		b.WriteString("---\n")
		b.Write(y)
	}
	return b.String(), nil
}
