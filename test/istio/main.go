// Command istio-oracle runs Istio's own code over manifests and prints JSON, so that cdk8s-mesh's
// tests can compare the library's validation, analysis and injection with Istio's:
//
//	istio-oracle validate FILE...                 Istio's validation webhook, per object
//	istio-oracle analyze [flags] FILE...          istioctl analyze on files (no cluster)
//	istio-oracle inject [flags] FILE              istioctl kube-inject with the chart's templates
//	istio-oracle regex [--utf16] < patterns.json  Go's regexp.Compile, as Istio's validation runs it
//	istio-oracle regex-match < cases.json         whether patterns match whole inputs (as Envoy matches values)
//	istio-oracle k8s < checks.json                Kubernetes' own checks of images, quantities, annotations, names
//	istio-oracle apiserver [flags] FILE...        kubectl apply --validate=strict --dry-run=server, per object
//	istio-oracle scope < input.json               istiod's SidecarScope, outbound clusters and routes, per proxy
//
// '-' reads standard input. Every command prints one JSON document on standard output.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"istio.io/istio/pkg/log"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: istio-oracle validate|analyze|inject|regex|regex-match|k8s|apiserver|scope [flags] FILE...")
	}
	// Istio's packages log to standard error; only this program's own output matters here
	for _, scope := range log.Scopes() {
		scope.SetOutputLevel(log.NoneLevel)
	}
	var err error
	switch os.Args[1] {
	case "validate":
		err = runValidate(os.Args[2:])
	case "analyze":
		err = runAnalyze(os.Args[2:])
	case "inject":
		err = runInject(os.Args[2:])
	case "regex":
		err = runRegex(os.Args[2:])
	case "regex-match":
		err = runRegexMatch()
	case "k8s":
		err = runK8s()
	case "apiserver":
		err = runAPIServer(os.Args[2:])
	case "scope":
		err = runScope()
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "istio-oracle: "+msg)
	os.Exit(2)
}

func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(v)
}

func open(file string) (io.ReadCloser, error) {
	if file == "-" {
		return io.NopCloser(os.Stdin), nil
	}
	return os.Open(file)
}
