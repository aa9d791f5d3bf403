package main

// istio-oracle apiserver [--crds DIR]... [--last-applied=false] FILE...
//
// What `kubectl apply --validate=strict --dry-run=server` would answer for every object, from the
// API server's own code run in this process (no etcd, no admission webhooks, no quota):
//
//   - built-in kinds: strict decoding of the versioned object (unknown and duplicate fields are
//     errors, as with fieldValidation=Strict), defaulting and conversion to the internal version,
//     then the create path of the kind's registry strategy (rest.BeforeCreate: PrepareForCreate,
//     Validate with declarative validation as the default feature gates have it, the ObjectMeta
//     rules, WarningsOnCreate);
//   - custom resources of the CRDs below: what apiextensions-apiserver's handler does (see crd.go).
//
// Like `kubectl apply` (client-side), every object carries the last-applied-configuration
// annotation, and namespaced objects without a namespace go to "default".

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"

	apiextensionsinstall "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/install"
	"k8s.io/apiextensions-apiserver/pkg/registry/customresourcedefinition"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	kubeyaml "k8s.io/apimachinery/pkg/util/yaml"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	_ "k8s.io/kubernetes/pkg/apis/admissionregistration/install"
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	"k8s.io/kubernetes/pkg/apis/core"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/policy/install"
	_ "k8s.io/kubernetes/pkg/apis/rbac/install"
	_ "k8s.io/kubernetes/pkg/features" // kube-apiserver's feature gates at their 1.35 defaults
	"k8s.io/kubernetes/pkg/registry/admissionregistration/mutatingwebhookconfiguration"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/validatingwebhookconfiguration"
	"k8s.io/kubernetes/pkg/registry/apps/daemonset"
	"k8s.io/kubernetes/pkg/registry/apps/deployment"
	"k8s.io/kubernetes/pkg/registry/apps/replicaset"
	"k8s.io/kubernetes/pkg/registry/apps/statefulset"
	"k8s.io/kubernetes/pkg/registry/autoscaling/horizontalpodautoscaler"
	"k8s.io/kubernetes/pkg/registry/batch/cronjob"
	"k8s.io/kubernetes/pkg/registry/batch/job"
	"k8s.io/kubernetes/pkg/registry/core/configmap"
	"k8s.io/kubernetes/pkg/registry/core/namespace"
	"k8s.io/kubernetes/pkg/registry/core/pod"
	"k8s.io/kubernetes/pkg/registry/core/secret"
	"k8s.io/kubernetes/pkg/registry/core/service"
	"k8s.io/kubernetes/pkg/registry/core/serviceaccount"
	"k8s.io/kubernetes/pkg/registry/policy/poddisruptionbudget"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrole"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrolebinding"
	"k8s.io/kubernetes/pkg/registry/rbac/role"
	"k8s.io/kubernetes/pkg/registry/rbac/rolebinding"
	"sigs.k8s.io/yaml"
)

// admission is the API server's answer for one object of the input.
type admission struct {
	File       string `json:"file"`
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name"`
	// Checked is false for kinds that are neither built in here nor defined by a loaded CRD.
	Checked bool `json:"checked"`
	// Error is the message of the API server's error status, as kubectl prints it after "Error from server".
	Error string `json:"error,omitempty"`
	// Causes are the single field errors of an invalid object or a strict decoding error.
	Causes   []string `json:"causes,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}

// kind is what the API server needs to create objects of one built-in kind.
type kind struct {
	strategy rest.RESTCreateStrategy
	scheme   *runtime.Scheme
	codecs   serializer.CodecFactory
	// served are the versions kube-apiserver 1.35 serves by default
	served []string
}

// crdScheme holds apiextensions.k8s.io, which kube-apiserver serves from its own scheme.
var crdScheme = func() *runtime.Scheme {
	s := runtime.NewScheme()
	apiextensionsinstall.Install(s)
	return s
}()

// builtins are the registry strategies of the built-in kinds, by group and kind.
var builtins = func() map[schema.GroupKind]kind {
	m := map[schema.GroupKind]kind{}
	for _, e := range []struct {
		kind     string // Kind.group
		strategy rest.RESTCreateStrategy
		served   []string
	}{
		{"Namespace", namespace.Strategy, []string{"v1"}},
		{"Service", service.Strategy, []string{"v1"}},
		{"ServiceAccount", serviceaccount.Strategy, []string{"v1"}},
		{"ConfigMap", configmap.Strategy, []string{"v1"}},
		{"Secret", secret.Strategy, []string{"v1"}},
		{"Pod", pod.Strategy, []string{"v1"}},
		{"Deployment.apps", deployment.Strategy, []string{"v1"}},
		{"StatefulSet.apps", statefulset.Strategy, []string{"v1"}},
		{"DaemonSet.apps", daemonset.Strategy, []string{"v1"}},
		{"ReplicaSet.apps", replicaset.Strategy, []string{"v1"}},
		{"Job.batch", job.Strategy, []string{"v1"}},
		{"CronJob.batch", cronjob.Strategy, []string{"v1"}},
		{"HorizontalPodAutoscaler.autoscaling", horizontalpodautoscaler.Strategy, []string{"v1", "v2"}},
		{"PodDisruptionBudget.policy", poddisruptionbudget.Strategy, []string{"v1"}},
		{"Role.rbac.authorization.k8s.io", role.Strategy, []string{"v1"}},
		{"RoleBinding.rbac.authorization.k8s.io", rolebinding.Strategy, []string{"v1"}},
		{"ClusterRole.rbac.authorization.k8s.io", clusterrole.Strategy, []string{"v1"}},
		{"ClusterRoleBinding.rbac.authorization.k8s.io", clusterrolebinding.Strategy, []string{"v1"}},
		{"ValidatingWebhookConfiguration.admissionregistration.k8s.io", validatingwebhookconfiguration.Strategy, []string{"v1"}},
		{"MutatingWebhookConfiguration.admissionregistration.k8s.io", mutatingwebhookconfiguration.Strategy, []string{"v1"}},
	} {
		m[schema.ParseGroupKind(e.kind)] = kind{e.strategy, legacyscheme.Scheme, legacyscheme.Codecs, e.served}
	}
	m[schema.GroupKind{Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition"}] =
		kind{customresourcedefinition.NewStrategy(crdScheme), crdScheme, serializer.NewCodecFactory(crdScheme), []string{"v1"}}
	return m
}()

func runAPIServer(args []string) error {
	flags := flag.NewFlagSet("apiserver", flag.ContinueOnError)
	var crdDirs multiFlag
	flags.Var(&crdDirs, "crds", "a directory of CustomResourceDefinition YAML files to serve besides Istio's (repeatable)")
	lastApplied := flags.Bool("last-applied", true, "add kubectl's last-applied-configuration annotation, as client-side 'kubectl apply' does")
	if err := flags.Parse(args); err != nil {
		return err
	}
	// the API server's packages log through klog (e.g. declarative validation mismatches); only the answers matter here
	klog.SetOutput(io.Discard)
	klog.LogToStderr(false)

	crds, err := loadCRDs(crdDirs)
	if err != nil {
		return err
	}
	results := []admission{}
	for _, file := range flags.Args() {
		docs, err := readRawDocs(file)
		if err != nil {
			return err
		}
		for _, doc := range docs {
			a := admit(doc, crds, *lastApplied)
			a.File = file
			results = append(results, a)
		}
	}
	return printJSON(results)
}

// readRawDocs reads the documents of a YAML file.
func readRawDocs(file string) ([][]byte, error) {
	in, err := open(file)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	data, err := io.ReadAll(in)
	if err != nil {
		return nil, err
	}
	docs, err := splitDocs(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return docs, nil
}

// splitDocs splits a YAML stream into its non-empty documents, unparsed (so that a key twice is still seen).
func splitDocs(data []byte) ([][]byte, error) {
	reader := kubeyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var docs [][]byte
	for {
		raw, err := reader.Read()
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if doc := map[string]any{}; yaml.Unmarshal(raw, &doc) == nil && len(doc) == 0 {
			continue
		}
		docs = append(docs, raw)
	}
}

// yamlToJSON converts a YAML document to JSON as kubectl reads it, except that a key twice is an
// error here (kubectl would keep the last one silently).
func yamlToJSON(doc []byte) ([]byte, error) {
	return yaml.YAMLToJSONStrict(doc)
}

// admit answers for one YAML document.
func admit(doc []byte, crds map[schema.GroupKind]*crd, lastApplied bool) admission {
	// which object it is, read leniently (as kubectl reads it)
	un := &unstructured.Unstructured{}
	_ = yaml.Unmarshal(doc, &un.Object)
	a := admission{APIVersion: un.GetAPIVersion(), Kind: un.GetKind(), Namespace: un.GetNamespace(), Name: un.GetName()}
	// kubectl reads YAML into an unstructured object and sends it as JSON
	body, err := yamlToJSON(doc)
	if err == nil {
		un = &unstructured.Unstructured{}
		err = un.UnmarshalJSON(body)
	}
	if err != nil {
		a.Error = err.Error()
		return a
	}
	gvk := un.GroupVersionKind()
	builtin, isBuiltin := builtins[gvk.GroupKind()]
	custom, isCustom := crds[gvk.GroupKind()]
	if !isBuiltin && !isCustom {
		return a
	}
	a.Checked = true
	namespaced := isCustom && custom.namespaced || isBuiltin && builtin.strategy.NamespaceScoped()
	// kubectl puts namespaced objects into the context's namespace ("default" here) and annotates them
	if namespaced && un.GetNamespace() == "" {
		un.SetNamespace(metav1.NamespaceDefault)
	}
	if lastApplied {
		if err := annotateLastApplied(un); err != nil {
			a.Error = err.Error()
			return a
		}
	}
	if body, err = un.MarshalJSON(); err != nil {
		a.Error = err.Error()
		return a
	}

	// the request: its namespace (a Namespace's own name, as the create handler takes it), its
	// version for declarative validation, and a recorder for the warnings of the response
	requestNamespace := un.GetNamespace()
	if !namespaced {
		requestNamespace = ""
	}
	if gvk.GroupKind() == (schema.GroupKind{Kind: "Namespace"}) {
		requestNamespace = un.GetName()
	}
	warnings := &warningRecorder{}
	ctx := genericapirequest.WithNamespace(context.Background(), requestNamespace)
	ctx = genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
		IsResourceRequest: true, Verb: "create", APIGroup: gvk.Group, APIVersion: gvk.Version,
		Namespace: requestNamespace, Name: un.GetName(),
	})
	ctx = warning.WithWarningRecorder(ctx, warnings)

	if isCustom {
		err = custom.create(ctx, gvk, body, requestNamespace)
	} else {
		err = createBuiltin(ctx, builtin, gvk, body, requestNamespace)
	}
	a.Warnings = warnings.texts
	if err != nil {
		a.Error, a.Causes = describe(err)
	}
	return a
}

// createBuiltin is the create handler and the registry store's create for a built-in kind.
func createBuiltin(ctx context.Context, k kind, gvk schema.GroupVersionKind, body []byte, requestNamespace string) error {
	if !slices.Contains(k.served, gvk.Version) {
		return notServed(gvk)
	}
	info, _ := runtime.SerializerInfoForMediaType(k.codecs.SupportedMediaTypes(), runtime.ContentTypeJSON)
	internal := schema.GroupVersion{Group: gvk.Group, Version: runtime.APIVersionInternal}
	into, err := k.scheme.New(internal.WithKind(gvk.Kind))
	if err != nil {
		return apierrors.NewBadRequest(err.Error())
	}
	obj, _, err := k.codecs.DecoderToVersion(info.StrictSerializer, internal).Decode(body, &gvk, into)
	if err != nil {
		return decodeError(gvk, err)
	}
	objectMeta, err := meta.Accessor(obj)
	if err != nil {
		return err
	}
	return beforeCreate(ctx, k.strategy, obj, objectMeta, requestNamespace)
}

// beforeCreate is what the create handler and the registry store do with a decoded object before
// storing it (a dry run stores nothing). A Namespace's request namespace is its own name, but the
// handler does not put it into the object.
func beforeCreate(ctx context.Context, strategy rest.RESTCreateStrategy, obj runtime.Object, objectMeta metav1.Object, requestNamespace string) error {
	rest.WipeObjectMetaSystemFields(objectMeta)
	if _, isNamespace := obj.(*core.Namespace); isNamespace {
		requestNamespace = ""
	}
	if err := rest.EnsureObjectNamespaceMatchesRequestNamespace(requestNamespace, objectMeta); err != nil {
		return err
	}
	rest.FillObjectMetaSystemFields(objectMeta)
	if objectMeta.GetGenerateName() != "" && objectMeta.GetName() == "" {
		objectMeta.SetName(strategy.GenerateName(objectMeta.GetGenerateName()))
	}
	return rest.BeforeCreate(strategy, ctx, obj)
}

// notServed is kubectl's answer to an object of a version the API server does not serve: it finds
// no resource for it and sends nothing.
func notServed(gvk schema.GroupVersionKind) error {
	return fmt.Errorf("no matches for kind %q in version %q", gvk.Kind, gvk.GroupVersion().String())
}

// decodeError is the create handler's answer to a body it cannot decode; the single strict
// decoding errors (unknown and duplicate fields) become its causes.
func decodeError(gvk schema.GroupVersionKind, err error) error {
	status := apierrors.NewBadRequest(fmt.Sprintf("%s in version %q cannot be handled as a %s: %v", gvk.Kind, gvk.Version, gvk.Kind, err))
	if strict, ok := runtime.AsStrictDecodingError(err); ok {
		status.ErrStatus.Details = &metav1.StatusDetails{}
		for _, e := range strict.Errors() {
			status.ErrStatus.Details.Causes = append(status.ErrStatus.Details.Causes, metav1.StatusCause{Message: e.Error()})
		}
	}
	return status
}

// describe gives an error's message and its single causes (field errors, unknown fields).
func describe(err error) (string, []string) {
	var causes []string
	var status apierrors.APIStatus
	if errors.As(err, &status) && status.Status().Details != nil {
		for _, c := range status.Status().Details.Causes {
			if c.Field == "" {
				causes = append(causes, c.Message)
			} else {
				causes = append(causes, c.Field+": "+c.Message)
			}
		}
	}
	return err.Error(), causes
}

// annotateLastApplied does what client-side `kubectl apply` does to every object it creates: the
// object, without the annotation, as JSON becomes the annotation.
func annotateLastApplied(un *unstructured.Unstructured) error {
	annotations := un.GetAnnotations()
	if annotations == nil {
		annotations = map[string]string{}
	}
	delete(annotations, "kubectl.kubernetes.io/last-applied-configuration")
	un.SetAnnotations(annotations)
	encoded, err := runtime.Encode(unstructured.UnstructuredJSONScheme, un)
	if err != nil {
		return err
	}
	annotations["kubectl.kubernetes.io/last-applied-configuration"] = string(encoded)
	un.SetAnnotations(annotations)
	return nil
}

// warningRecorder collects the warnings of a response.
type warningRecorder struct{ texts []string }

func (r *warningRecorder) AddWarning(_, text string) {
	if !slices.Contains(r.texts, text) {
		r.texts = append(r.texts, text)
	}
}
