package org.cdk8smesh.examples;

import java.util.List;
import java.util.Map;

import org.cdk8s.Chart;
import org.cdk8smesh.CallOptions;
import org.cdk8smesh.Canary;
import org.cdk8smesh.CanaryTesters;
import org.cdk8smesh.Gateway;
import org.cdk8smesh.GatewayHttpRouteOptions;
import org.cdk8smesh.GatewayServer;
import org.cdk8smesh.GatewayWorkload;
import org.cdk8smesh.HttpGatewayServerOptions;
import org.cdk8smesh.HttpMatch;
import org.cdk8smesh.Mesh;
import org.cdk8smesh.MeshApp;
import org.cdk8smesh.MeshService;
import org.cdk8smesh.MeshServiceOptions;
import org.cdk8smesh.MeshServicePort;
import org.cdk8smesh.Protocol;
import org.cdk8smesh.RouteDestination;
import org.cdk8smesh.ServiceVersionOptions;
import org.cdk8smesh.ServiceVersionProps;
import org.cdk8smesh.StringMatch;

/**
 * The bookinfo mesh with a canary of reviews (v1 → v2): examples/bookinfo-canary/main.ts in Java.
 * Like every cdk8s app it writes to $CDK8S_OUTDIR, or dist/ when that is not set, the same bytes as
 * the TypeScript app.
 */
public final class BookinfoCanary {
    private static final String IMAGES = "registry.istio.io/release/examples-bookinfo";
    private static final String TAG = "1.20.3";

    private BookinfoCanary() {
    }

    private static String image(final String name) {
        return IMAGES + "-" + name + ":" + TAG;
    }

    public static void main(final String[] args) {
        MeshApp app = new MeshApp();
        Chart chart = new Chart(app, "bookinfo");
        Mesh mesh = new Mesh(chart, "mesh");

        List<MeshServicePort> http = List.of(MeshServicePort.builder().port(9080).protocol(Protocol.HTTP).build());

        MeshService productpage = mesh.addService("productpage", MeshServiceOptions.builder()
                .ports(http)
                .serviceAccountName("bookinfo-productpage")
                .versions(List.of(ServiceVersionProps.builder().name("v1").image(image("productpage-v1")).build()))
                .build());
        MeshService details = mesh.addService("details", MeshServiceOptions.builder()
                .ports(http)
                .serviceAccountName("bookinfo-details")
                .versions(List.of(ServiceVersionProps.builder().name("v1").image(image("details-v1")).build()))
                .build());
        MeshService reviews = mesh.addService("reviews", MeshServiceOptions.builder()
                .ports(http)
                .serviceAccountName("bookinfo-reviews")
                .defaultVersion("v1")
                .versions(List.of(
                        ServiceVersionProps.builder().name("v1").image(image("reviews-v1")).build(),
                        ServiceVersionProps.builder().name("v2").image(image("reviews-v2")).build()))
                .build());
        reviews.addVersion("v3", ServiceVersionOptions.builder()
                .image(image("reviews-v3"))
                .env(Map.of("LOG_DIR", "/tmp/logs"))
                .build());
        MeshService ratings = mesh.addService("ratings", MeshServiceOptions.builder()
                .ports(http)
                .serviceAccountName("bookinfo-ratings")
                .versions(List.of(ServiceVersionProps.builder().name("v1").image(image("ratings-v1")).build()))
                .build());

        // who calls whom: the authorization policies and sidecar scopes follow from these
        CallOptions get9080 = CallOptions.builder().ports(List.of(9080)).methods(List.of("GET")).build();
        productpage.calls(details, get9080);
        productpage.calls(reviews, get9080);
        reviews.calls(ratings, get9080);

        // the ingress: a gateway workload, an Istio Gateway on it and a route to the product page
        GatewayWorkload workload = GatewayWorkload.Builder.create(chart, "istio-ingressgateway")
                .mesh(mesh)
                .build();
        Gateway gateway = Gateway.Builder.create(chart, "bookinfo-gateway")
                .mesh(mesh)
                .workload(workload)
                .servers(List.of(GatewayServer.http(HttpGatewayServerOptions.builder().port(8080).hosts(List.of("*")).build())))
                .build();
        gateway.addRoute(GatewayHttpRouteOptions.builder()
                .hosts(List.of("*"))
                .virtualServiceName("bookinfo")
                .matches(List.of(
                        HttpMatch.builder().uri(StringMatch.exact("/productpage")).build(),
                        HttpMatch.builder().uri(StringMatch.prefix("/static")).build(),
                        HttpMatch.builder().uri(StringMatch.prefix("/api/v1/products")).build()))
                .destinations(List.of(RouteDestination.builder().host(productpage).port(9080).build()))
                .build());

        // the release of reviews v2: 25% of the traffic (step 1 of 4), the user jason always on v2
        Canary.Builder.create(chart, "reviews-canary")
                .service(reviews)
                .stableVersion("v1")
                .canaryVersion("v2")
                .steps(List.of(5, 25, 50, 100))
                .currentStep(1)
                .testers(CanaryTesters.header("end-user", StringMatch.exact("jason")))
                .build();

        app.synth();
    }
}
