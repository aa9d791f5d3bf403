package main

// Custom resources for 'istio-oracle apiserver': what apiextensions-apiserver's handler does with a
// create request for a CRD's kind, from its own packages: strict decoding, pruning that names the
// unknown fields (an error under fieldValidation=Strict), ObjectMeta coercion, structural defaulting,
// then the custom resource strategy (ObjectMeta rules for the CRD's scope, OpenAPI schema validation,
// embedded resources, list types and x-kubernetes-validations CEL rules with the API server's cost
// limits) and the version's deprecation warning.

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"k8s.io/apiextensions-apiserver/pkg/apihelpers"
	apiextensionsinternal "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apiextensions-apiserver/pkg/crdserverscheme"
	"k8s.io/apiextensions-apiserver/pkg/registry/customresource"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"

	"istio.io/istio/manifests"
)

// istioCRDs is the file of Istio's CRDs inside the pinned Istio module (embedded at build time).
const istioCRDs = "charts/base/files/crd-all.gen.yaml"

// crd is a CustomResourceDefinition as the API server serves it, by version.
type crd struct {
	namespaced bool
	versions   map[string]*crdVersion
}

type crdVersion struct {
	structural *structuralschema.Structural
	strategy   rest.RESTCreateStrategy
	warnings   []string
}

var unstructuredTyper = crdserverscheme.NewUnstructuredObjectTyper()

// loadCRDs reads Istio's CRDs and those in dirs; each must pass the API server's own CRD validation first.
func loadCRDs(dirs []string) (map[schema.GroupKind]*crd, error) {
	istio, err := fs.ReadFile(manifests.FS, istioCRDs)
	if err != nil {
		return nil, err
	}
	sources := map[string][]byte{"istio.io/istio/manifests/" + istioCRDs: istio}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("--crds %s: no .yaml files", dir)
		}
		for _, file := range files {
			if sources[file], err = os.ReadFile(file); err != nil {
				return nil, err
			}
		}
	}
	names := make([]string, 0, len(sources))
	for name := range sources {
		names = append(names, name)
	}
	sort.Strings(names)

	crds := map[schema.GroupKind]*crd{}
	decoder := builtins[schema.GroupKind{Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition"}].codecs.UniversalDecoder(apiextensionsv1.SchemeGroupVersion)
	for _, name := range names {
		docs, err := splitDocs(sources[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		for _, doc := range docs {
			if a := admit(doc, nil, false); a.Kind != "CustomResourceDefinition" {
				continue // e.g. the Gateway API's ValidatingAdmissionPolicy beside its CRDs
			} else if a.Error != "" {
				return nil, fmt.Errorf("%s: the API server rejects CustomResourceDefinition %s: %s", name, a.Name, a.Error)
			}
			body, err := yamlToJSON(doc)
			if err != nil {
				return nil, err
			}
			def := &apiextensionsv1.CustomResourceDefinition{}
			if _, _, err := decoder.Decode(body, nil, def); err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			c, err := serve(def)
			if err != nil {
				return nil, fmt.Errorf("%s: CustomResourceDefinition %s: %v", name, def.Name, err)
			}
			crds[schema.GroupKind{Group: def.Spec.Group, Kind: def.Spec.Names.Kind}] = c
		}
	}
	return crds, nil
}

// serve builds what apiextensions-apiserver's handler builds for every served version of a CRD.
func serve(def *apiextensionsv1.CustomResourceDefinition) (*crd, error) {
	c := &crd{namespaced: def.Spec.Scope == apiextensionsv1.NamespaceScoped, versions: map[string]*crdVersion{}}
	for _, v := range def.Spec.Versions {
		if !v.Served {
			continue
		}
		validation, err := apihelpers.GetSchemaForVersion(def, v.Name)
		if err != nil {
			return nil, err
		}
		internal := &apiextensionsinternal.CustomResourceValidation{}
		if err := apiextensionsv1.Convert_v1_CustomResourceValidation_To_apiextensions_CustomResourceValidation(validation, internal, nil); err != nil {
			return nil, err
		}
		structural, err := structuralschema.NewStructural(internal.OpenAPIV3Schema)
		if err != nil {
			return nil, err
		}
		structural = structural.DeepCopy()
		if err := structuraldefaulting.PruneDefaults(structural); err != nil {
			return nil, err
		}
		validator, _, err := apiservervalidation.NewSchemaValidator(internal.OpenAPIV3Schema)
		if err != nil {
			return nil, err
		}
		subresources, err := apihelpers.GetSubresourcesForVersion(def, v.Name)
		if err != nil {
			return nil, err
		}
		var status *apiextensionsinternal.CustomResourceSubresourceStatus
		var statusValidator apiservervalidation.SchemaValidator
		if subresources != nil && subresources.Status != nil {
			status = &apiextensionsinternal.CustomResourceSubresourceStatus{}
			if statusSchema, ok := internal.OpenAPIV3Schema.Properties["status"]; ok {
				if statusValidator, _, err = apiservervalidation.NewSchemaValidator(&statusSchema); err != nil {
					return nil, err
				}
			}
		}
		var scale *apiextensionsinternal.CustomResourceSubresourceScale
		if subresources != nil && subresources.Scale != nil {
			scale = &apiextensionsinternal.CustomResourceSubresourceScale{}
			if err := apiextensionsv1.Convert_v1_CustomResourceSubresourceScale_To_apiextensions_CustomResourceSubresourceScale(subresources.Scale, scale, nil); err != nil {
				return nil, err
			}
		}
		kind := schema.GroupVersionKind{Group: def.Spec.Group, Version: v.Name, Kind: def.Spec.Names.Kind}
		cv := &crdVersion{
			structural: structural,
			strategy:   customresource.NewStrategy(unstructuredTyper, c.namespaced, kind, validator, statusValidator, structural, status, scale, v.SelectableFields),
		}
		if v.Deprecated {
			if v.DeprecationWarning != nil {
				cv.warnings = append(cv.warnings, *v.DeprecationWarning)
			} else {
				cv.warnings = append(cv.warnings, deprecationWarning(v.Name, def.Spec))
			}
		}
		c.versions[v.Name] = cv
	}
	return c, nil
}

// create is the custom resource handler's create, for the JSON body of one object.
func (c *crd) create(ctx context.Context, gvk schema.GroupVersionKind, body []byte, requestNamespace string) error {
	v, ok := c.versions[gvk.Version]
	if !ok {
		return notServed(gvk)
	}
	for _, w := range v.warnings {
		warning.AddWarning(ctx, "", w)
	}
	strict := json.NewSerializerWithOptions(json.DefaultMetaFactory, unstructuredCreator{}, unstructuredTyper, json.SerializerOptions{Strict: true})
	into := &unstructured.Unstructured{}
	into.SetGroupVersionKind(gvk)
	obj, _, err := strict.Decode(body, &gvk, into)
	var strictErrs []error
	if err != nil {
		s, isStrict := runtime.AsStrictDecodingError(err)
		if !isStrict || obj == nil {
			return decodeError(gvk, err)
		}
		strictErrs = s.Errors()
	}
	u := obj.(*unstructured.Unstructured)
	unknown, err := coerce(u, v.structural)
	if err != nil {
		return decodeError(gvk, err)
	}
	for _, path := range unknown {
		strictErrs = append(strictErrs, fmt.Errorf("unknown field %q", path))
	}
	if len(strictErrs) > 0 {
		return decodeError(gvk, runtime.NewStrictDecodingError(strictErrs))
	}
	structuraldefaulting.Default(u.Object, v.structural)
	return beforeCreate(ctx, v.strategy, u, u, requestNamespace)
}

// coerce is the handler's unstructuredSchemaCoercer for a create under strict field validation: it
// prunes what the schema does not know (returning the paths), drops nulls that are not nullable,
// and coerces ObjectMeta.
func coerce(u *unstructured.Unstructured, s *structuralschema.Structural) ([]string, error) {
	kind, apiVersion := u.GetKind(), u.GetAPIVersion()
	objectMeta, foundObjectMeta, unknown, err := schemaobjectmeta.GetObjectMetaWithOptions(u.Object, schemaobjectmeta.ObjectMetaOptions{ReturnUnknownFieldPaths: true})
	if err != nil {
		return nil, err
	}
	unknown = append(unknown, structuralpruning.PruneWithOptions(u.Object, s, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
	structuraldefaulting.PruneNonNullableNullsWithoutDefaults(u.Object, s)
	fieldErr, paths := schemaobjectmeta.CoerceWithOptions(nil, u.Object, s, false, schemaobjectmeta.CoerceOptions{ReturnUnknownFieldPaths: true})
	if fieldErr != nil {
		return nil, fieldErr
	}
	unknown = append(unknown, paths...)
	u.SetKind(kind)
	u.SetAPIVersion(apiVersion)
	if foundObjectMeta {
		if err := schemaobjectmeta.SetObjectMeta(u.Object, objectMeta); err != nil {
			return nil, err
		}
	}
	return unknown, nil
}

// deprecationWarning is the API server's warning for a deprecated version without its own text.
func deprecationWarning(deprecated string, spec apiextensionsv1.CustomResourceDefinitionSpec) string {
	msg := fmt.Sprintf("%s/%s %s is deprecated", spec.Group, deprecated, spec.Names.Kind)
	var newer []string
	for _, v := range spec.Versions {
		if v.Served && !v.Deprecated && version.CompareKubeAwareVersionStrings(deprecated, v.Name) < 0 {
			newer = append(newer, v.Name)
		}
	}
	if len(newer) == 0 {
		return msg
	}
	sort.Slice(newer, func(i, j int) bool { return version.CompareKubeAwareVersionStrings(newer[i], newer[j]) > 0 })
	return msg + fmt.Sprintf("; use %s/%s %s", spec.Group, newer[0], spec.Names.Kind)
}

// unstructuredCreator makes the empty objects a custom resource decodes into.
type unstructuredCreator struct{}

func (unstructuredCreator) New(kind schema.GroupVersionKind) (runtime.Object, error) {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(kind)
	return u, nil
}
