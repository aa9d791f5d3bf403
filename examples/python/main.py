#!/usr/bin/env python3
"""The bookinfo mesh with a canary of reviews (v1 -> v2), in Python.

The same app as examples/bookinfo-canary/main.ts, written with the cdk8s-mesh Python package: it
synthesizes the same bytes. Like every cdk8s app it writes to $CDK8S_OUTDIR, or dist/ when that is
not set (scripts/test-bindings.sh python compares its output with the TypeScript app's).
"""
from cdk8s import Chart
from cdk8s_mesh import (
    Canary,
    CanaryTesters,
    Gateway,
    GatewayServer,
    GatewayWorkload,
    HttpMatch,
    Mesh,
    MeshApp,
    MeshServicePort,
    Protocol,
    RouteDestination,
    ServiceVersionProps,
    StringMatch,
)

IMAGES = "registry.istio.io/release/examples-bookinfo"
TAG = "1.20.3"


def image(name: str) -> str:
    return f"{IMAGES}-{name}:{TAG}"


app = MeshApp()
chart = Chart(app, "bookinfo")
mesh = Mesh(chart, "mesh")

http = [MeshServicePort(port=9080, protocol=Protocol.HTTP)]

productpage = mesh.add_service(
    "productpage",
    ports=http,
    service_account_name="bookinfo-productpage",
    versions=[ServiceVersionProps(name="v1", image=image("productpage-v1"))],
)
details = mesh.add_service(
    "details",
    ports=http,
    service_account_name="bookinfo-details",
    versions=[ServiceVersionProps(name="v1", image=image("details-v1"))],
)
reviews = mesh.add_service(
    "reviews",
    ports=http,
    service_account_name="bookinfo-reviews",
    default_version="v1",
    versions=[
        ServiceVersionProps(name="v1", image=image("reviews-v1")),
        ServiceVersionProps(name="v2", image=image("reviews-v2")),
    ],
)
reviews.add_version("v3", image=image("reviews-v3"), env={"LOG_DIR": "/tmp/logs"})
ratings = mesh.add_service(
    "ratings",
    ports=http,
    service_account_name="bookinfo-ratings",
    versions=[ServiceVersionProps(name="v1", image=image("ratings-v1"))],
)

# who calls whom: the mesh's call graph (authorization policies follow from it in a mesh that denies by default,
# sidecar scopes in one that scopes sidecars; this mesh does neither)
productpage.calls(details, ports=[9080], methods=["GET"])
productpage.calls(reviews, ports=[9080], methods=["GET"])
reviews.calls(ratings, ports=[9080], methods=["GET"])

# the ingress: a gateway workload, an Istio Gateway on it and a route to the product page
workload = GatewayWorkload(chart, "istio-ingressgateway", mesh=mesh)
gateway = Gateway(
    chart,
    "bookinfo-gateway",
    mesh=mesh,
    workload=workload,
    servers=[GatewayServer.http(port=8080, hosts=["*"])],
)
gateway.add_route(
    hosts=["*"],
    virtual_service_name="bookinfo",
    matches=[
        HttpMatch(uri=StringMatch.exact("/productpage")),
        HttpMatch(uri=StringMatch.prefix("/static")),
        HttpMatch(uri=StringMatch.prefix("/api/v1/products")),
    ],
    destinations=[RouteDestination(host=productpage, port=9080)],
)

# the release of reviews v2: 25% of the traffic (step 1 of 4), the user jason always on v2
Canary(
    chart,
    "reviews-canary",
    service=reviews,
    stable_version="v1",
    canary_version="v2",
    steps=[5, 25, 50, 100],
    current_step=1,
    testers=CanaryTesters.header("end-user", StringMatch.exact("jason")),
)

app.synth()
