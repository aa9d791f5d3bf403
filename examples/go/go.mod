// The bookinfo canary app (examples/bookinfo-canary/main.ts) in Go. It uses the cdk8s-mesh module
// that jsii-pacmak generates into dist/go/cdk8smesh (scripts/test-bindings.sh go builds it, then
// runs `CDK8S_OUTDIR=DIR go run .` here). cdk8s and constructs are pinned to the versions of the
// TypeScript library's package.json, so the JavaScript that runs behind the bindings is the one
// the TypeScript example runs.
module example.com/bookinfo-canary

go 1.25.0

require (
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/cdk8s-mesh/cdk8s-mesh-go/cdk8smesh v0.0.0
	github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 v2.70.26
)

require (
	github.com/Masterminds/semver/v3 v3.5.0 // indirect
	github.com/aws/constructs-go/constructs/v10 v10.3.0 // indirect
	github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2 v2.9.5 // indirect
	github.com/fatih/color v1.19.0 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/yuin/goldmark v1.7.16 // indirect
	golang.org/x/lint v0.0.0-20241112194109-818c5a804067 // indirect
	golang.org/x/mod v0.39.0 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	golang.org/x/telemetry v0.0.0-20260811182544-a038080d80e5 // indirect
	golang.org/x/tools v0.49.0 // indirect
	golang.org/x/tools/cmd/godoc v0.1.0-deprecated // indirect
	golang.org/x/tools/godoc v0.1.0-deprecated // indirect
)

// the freshly generated module, not a published one
replace github.com/cdk8s-mesh/cdk8s-mesh-go/cdk8smesh => ../../dist/go/cdk8smesh

// The Go module proxy that this project's machines reach does not serve cdk8s's Go modules:
// scripts/test-bindings.sh generates them with jsii-pacmak from the npm packages' jsii assemblies
// (cdk8s 2.70.26, cdk8s-plus-27 2.9.5), next to cdk8s-mesh's. Elsewhere these two lines can go.
replace github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 => ../../dist/go/cdk8s

replace github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2 => ../../dist/go/cdk8splus27
