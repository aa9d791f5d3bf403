package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"

	dockerref "github.com/distribution/reference"
	"k8s.io/apimachinery/pkg/api/resource"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	k8svalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	// the digest algorithms the kubelet links in (k8s.io/kubernetes/pkg/util/parsers)
	_ "crypto/sha256"
	_ "crypto/sha512"
)

// k8sCheck is one value for one of Kubernetes' own checks.
type k8sCheck struct {
	Check string          `json:"check"`
	Value json.RawMessage `json:"value"`
}

type k8sResult struct {
	Errors []string `json:"errors,omitempty"`
	// the canonical form of a quantity, and its sign
	Canonical string `json:"canonical,omitempty"`
	Sign      int    `json:"sign,omitempty"`
}

var anchoredTag = regexp.MustCompile(`^` + dockerref.TagRegexp.String() + `$`)

// runK8s runs Kubernetes' own checks over a JSON array of {check, value} read from standard input:
//
//	image        the kubelet's image reference parser (ParseNormalizedNamed)
//	tag          the reference grammar's tag
//	quantity     resource.ParseQuantity (canonical form and sign when it parses)
//	annotations  metadata.annotations validation (keys and total size), value a string map
//	labelKey     qualified names (label keys)
//	envName      environment variable names (the strict rule every version enforces)
//	dns1123Label container names, port names of Services
func runK8s() error {
	var checks []k8sCheck
	if err := json.NewDecoder(os.Stdin).Decode(&checks); err != nil {
		return err
	}
	results := make([]k8sResult, 0, len(checks))
	for _, c := range checks {
		var r k8sResult
		var s string
		if c.Check != "annotations" {
			if err := json.Unmarshal(c.Value, &s); err != nil {
				return err
			}
		}
		switch c.Check {
		case "image":
			if _, err := dockerref.ParseNormalizedNamed(s); err != nil {
				r.Errors = []string{err.Error()}
			}
		case "tag":
			if !anchoredTag.MatchString(s) {
				r.Errors = []string{"invalid tag"}
			}
		case "quantity":
			q, err := resource.ParseQuantity(s)
			if err != nil {
				r.Errors = []string{err.Error()}
			} else {
				// String() would give back the text as written; the canonical form is what Kubernetes writes
				number, suffix := q.CanonicalizeBytes(nil)
				r.Canonical = string(number) + string(suffix)
				r.Sign = q.Sign()
			}
		case "annotations":
			var m map[string]string
			if err := json.Unmarshal(c.Value, &m); err != nil {
				return err
			}
			for _, e := range apimachineryvalidation.ValidateAnnotations(m, field.NewPath("metadata", "annotations")) {
				r.Errors = append(r.Errors, e.Error())
			}
		case "labelKey":
			r.Errors = k8svalidation.IsQualifiedName(s)
		case "envName":
			r.Errors = k8svalidation.IsEnvVarName(s)
		case "dns1123Label":
			r.Errors = k8svalidation.IsDNS1123Label(s)
		default:
			return &unknownCheck{c.Check}
		}
		results = append(results, r)
	}
	return printJSON(results)
}

type unknownCheck struct{ name string }

func (u *unknownCheck) Error() string {
	return "unknown check " + strings.TrimSpace(u.name)
}
