// The bookinfo mesh with a canary of reviews (v1 → v2): examples/bookinfo-canary/main.ts in Go.
// Like every cdk8s app it writes to $CDK8S_OUTDIR, or dist/ when that is not set, the same bytes as
// the TypeScript app.
package main

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-mesh/cdk8s-mesh-go/cdk8smesh"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
)

const (
	images = "registry.istio.io/release/examples-bookinfo"
	tag    = "1.20.3"
)

func image(name string) *string {
	return jsii.String(images + "-" + name + ":" + tag)
}

func main() {
	app := cdk8smesh.NewMeshApp(nil)
	chart := cdk8s.NewChart(app, jsii.String("bookinfo"), nil)
	mesh := cdk8smesh.NewMesh(chart, jsii.String("mesh"), nil)

	http := &[]*cdk8smesh.MeshServicePort{{Port: jsii.Number(9080), Protocol: cdk8smesh.Protocol_HTTP}}

	productpage := mesh.AddService(jsii.String("productpage"), &cdk8smesh.MeshServiceOptions{
		Ports:              http,
		ServiceAccountName: jsii.String("bookinfo-productpage"),
		Versions:           &[]*cdk8smesh.ServiceVersionProps{{Name: jsii.String("v1"), Image: image("productpage-v1")}},
	})
	details := mesh.AddService(jsii.String("details"), &cdk8smesh.MeshServiceOptions{
		Ports:              http,
		ServiceAccountName: jsii.String("bookinfo-details"),
		Versions:           &[]*cdk8smesh.ServiceVersionProps{{Name: jsii.String("v1"), Image: image("details-v1")}},
	})
	reviews := mesh.AddService(jsii.String("reviews"), &cdk8smesh.MeshServiceOptions{
		Ports:              http,
		ServiceAccountName: jsii.String("bookinfo-reviews"),
		DefaultVersion:     jsii.String("v1"),
		Versions: &[]*cdk8smesh.ServiceVersionProps{
			{Name: jsii.String("v1"), Image: image("reviews-v1")},
			{Name: jsii.String("v2"), Image: image("reviews-v2")},
		},
	})
	reviews.AddVersion(jsii.String("v3"), &cdk8smesh.ServiceVersionOptions{
		Image: image("reviews-v3"),
		Env:   &map[string]*string{"LOG_DIR": jsii.String("/tmp/logs")},
	})
	ratings := mesh.AddService(jsii.String("ratings"), &cdk8smesh.MeshServiceOptions{
		Ports:              http,
		ServiceAccountName: jsii.String("bookinfo-ratings"),
		Versions:           &[]*cdk8smesh.ServiceVersionProps{{Name: jsii.String("v1"), Image: image("ratings-v1")}},
	})

	// who calls whom: the authorization policies and sidecar scopes follow from these
	get9080 := &cdk8smesh.CallOptions{Ports: jsii.Numbers(9080), Methods: jsii.Strings("GET")}
	productpage.Calls(details, get9080)
	productpage.Calls(reviews, get9080)
	reviews.Calls(ratings, get9080)

	// the ingress: a gateway workload, an Istio Gateway on it and a route to the product page
	workload := cdk8smesh.NewGatewayWorkload(chart, jsii.String("istio-ingressgateway"), &cdk8smesh.GatewayWorkloadProps{
		Mesh: mesh,
	})
	gateway := cdk8smesh.NewGateway(chart, jsii.String("bookinfo-gateway"), &cdk8smesh.GatewayProps{
		Mesh:     mesh,
		Workload: workload,
		Servers: &[]cdk8smesh.GatewayServer{
			cdk8smesh.GatewayServer_Http(&cdk8smesh.HttpGatewayServerOptions{Port: jsii.Number(8080), Hosts: jsii.Strings("*")}),
		},
	})
	gateway.AddRoute(&cdk8smesh.GatewayHttpRouteOptions{
		Hosts:              jsii.Strings("*"),
		VirtualServiceName: jsii.String("bookinfo"),
		Matches: &[]*cdk8smesh.HttpMatch{
			{Uri: cdk8smesh.StringMatch_Exact(jsii.String("/productpage"))},
			{Uri: cdk8smesh.StringMatch_Prefix(jsii.String("/static"))},
			{Uri: cdk8smesh.StringMatch_Prefix(jsii.String("/api/v1/products"))},
		},
		Destinations: &[]*cdk8smesh.RouteDestination{{Host: productpage, Port: jsii.Number(9080)}},
	})

	// the release of reviews v2: 25% of the traffic (step 1 of 4), the user jason always on v2
	cdk8smesh.NewCanary(chart, jsii.String("reviews-canary"), &cdk8smesh.CanaryProps{
		Service:       reviews,
		StableVersion: jsii.String("v1"),
		CanaryVersion: jsii.String("v2"),
		Steps:         jsii.Numbers(5, 25, 50, 100),
		CurrentStep:   jsii.Number(1),
		Testers:       cdk8smesh.CanaryTesters_Header(jsii.String("end-user"), cdk8smesh.StringMatch_Exact(jsii.String("jason"))),
	})

	app.Synth()
}
