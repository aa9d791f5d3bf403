import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AuthorizationMode, Caller, DefaultRouting, EnvFieldPath, EnvValue, ExternalService, Gateway, GatewayServer, GatewayTls, Mesh, MeshOwnership,
  MeshService, Probe,
  Protocol, RouteDestination, ServiceEntryResolution, ServiceReference, ServiceVersionOptions, StringMatch, VersionWeight,
} from '../../src';

/** The team's namespace: the only one this app owns. */
export const NAMESPACE = 'orders';

/** The host the shop's customers reach the orders API by, through the cluster's ingress gateway. */
export const PUBLIC_HOST = 'orders.shop.example.com';

/** The orders service's ports: the REST API, the gRPC API (other services call it), and a raw TCP event stream. */
const HTTP_PORT = 8080;
const GRPC_PORT = 9090;
const EVENTS_PORT = 7000;

/** How the traffic to orders is split between its versions, inside the mesh and from the ingress gateway. */
const SPLIT: VersionWeight[] = [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }];

/** What the app declares, for tests and for readers. */
export interface OrdersApp {
  /** The one chart: the team's objects in its namespace. */
  readonly chart: Chart;
  /** The mesh, in app-team mode: the cluster's mesh, joined. */
  readonly mesh: Mesh;
  /** The team's service. */
  readonly orders: MeshService;
  /** The payments team's service, called by orders and declared in the payments team's own repository. */
  readonly payments: ServiceReference;
  /** The shipping carrier's public API. */
  readonly shipping: ExternalService;
  /** The Gateway on the cluster's installed ingress gateway (`istio: ingressgateway`). */
  readonly ingress: Gateway;
  /** The Gateway on the cluster's installed egress gateway (`istio: egressgateway`). */
  readonly egress: Gateway;
}

/**
 * One team's app in a cluster whose mesh, gateways and neighbours already exist: the orders
 * service (REST on 8080, gRPC on 9090, an event stream over TCP on 7000; two versions, 10% of the
 * traffic on the new one) in the team's namespace `orders`, published on the cluster's installed
 * ingress gateway, forwarding refunds to the payments team's service, and calling a shipping
 * carrier's API through the cluster's installed egress gateway.
 *
 * The app joins the mesh (`MeshOwnership.appTeam`): it emits its own namespace and its objects,
 * and no mesh-wide object, control plane, CRD or gateway workload; the synth-time analysis takes
 * what it refers to (the mesh-wide mTLS policy, the payments Service and its DestinationRule, the
 * installed gateways' Services and pods) as existing in the cluster.
 */
export function buildOrdersApp(app: App): OrdersApp {
  const chart = new Chart(app, 'orders');
  const mesh = new Mesh(chart, 'mesh', {
    defaultNamespace: NAMESPACE,
    ownership: MeshOwnership.appTeam({ ownedNamespaces: [NAMESPACE] }),
    // zero trust in the team's namespace: only declared calls reach orders, and its sidecars know only what it calls
    authorization: AuthorizationMode.DENY_BY_DEFAULT,
    sidecarScoping: true,
  });

  // another team's service: its Service and its DestinationRule (subset v1) are in the cluster
  const payments = mesh.referenceService('payments', {
    namespace: 'payments',
    ports: [{ port: 8080, protocol: Protocol.HTTP }, { port: 9090, protocol: Protocol.GRPC }],
    versions: [{ name: 'v1' }],
  });

  // the carrier's API, reached over HTTPS through the egress gateway: a gateway connects to the
  // address DNS gives for the host (Istio's default resolution, NONE, cannot be routed through a gateway)
  const shipping = mesh.addExternalService('shipping-api', {
    hosts: ['api.carrier.example.com'],
    ports: [{ number: 443, protocol: Protocol.HTTPS }],
    resolution: ServiceEntryResolution.DNS,
  });

  const release = (tag: string): ServiceVersionOptions => ({
    image: `ghcr.io/example-shop/orders:${tag}`,
    command: ['/app/orders'],
    args: [`--http-port=${HTTP_PORT}`, `--grpc-port=${GRPC_PORT}`, `--events-port=${EVENTS_PORT}`],
    env: {
      PAYMENTS_GRPC_ADDR: `${payments.fqdn}:9090`,
      SHIPPING_API_URL: 'https://api.carrier.example.com',
    },
    envValues: {
      POD_NAME: EnvValue.fromField(EnvFieldPath.POD_NAME),
      POD_NAMESPACE: EnvValue.fromField(EnvFieldPath.POD_NAMESPACE),
      DATABASE_PASSWORD: EnvValue.fromSecretKey('orders-db', 'password'),
      SHIPPING_API_KEY: EnvValue.fromSecretKey('shipping-api', 'key'),
    },
    startupProbe: Probe.tcpSocket({ port: EVENTS_PORT, period: Duration.seconds(2), failureThreshold: 30 }),
    readinessProbe: Probe.httpGet({ port: HTTP_PORT, path: '/ready' }),
    livenessProbe: Probe.grpc({ port: GRPC_PORT, period: Duration.seconds(20) }),
    resources: {
      cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(1000) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
    },
    // the image runs as a non-root user and writes nothing to its file system
    hardened: true,
  });

  const orders = mesh.addService('orders', {
    ports: [
      { port: HTTP_PORT, protocol: Protocol.HTTP },
      { port: GRPC_PORT, protocol: Protocol.GRPC },
      { port: EVENTS_PORT, protocol: Protocol.TCP, name: 'tcp-events' },
    ],
    versions: [
      { name: 'v1', ...release('1.8.2'), replicas: 3 },
      { name: 'v2', ...release('1.9.0') },
    ],
    // a canary by weight on every port: 90% of the traffic stays on v1
    defaultRouting: DefaultRouting.weighted(SPLIT),
  });

  // refunds moved to the payments team: in-mesh callers of orders' REST API keep their URLs
  orders.addRoute({
    name: 'refunds',
    matches: [{ uri: StringMatch.prefix('/api/refunds'), port: HTTP_PORT }],
    destinations: [{ host: payments, version: 'v1', port: 8080 }],
    timeout: Duration.seconds(5),
  });

  // the shop's customers reach orders through the cluster's ingress gateway (istio-ingressgateway in istio-system);
  // a gateway's traffic follows its own routes, not the mesh VirtualService of orders: they split it the same way
  const toOrders = (port: number): RouteDestination[] => SPLIT.map(({ version, weight }) => ({ host: orders, version, weight, port }));
  const ingress = new Gateway(chart, 'orders-gateway', {
    mesh,
    namespace: NAMESPACE,
    selector: { istio: 'ingressgateway' },
    installedService: {},
    servers: [
      GatewayServer.http({ hosts: [PUBLIC_HOST], httpsRedirect: true }),
      // the certificate's Secret is beside the gateway's pods (istio-system), kept by the platform's cert-manager
      GatewayServer.https({ hosts: [PUBLIC_HOST], tls: GatewayTls.simple({ credentialName: 'orders-shop-example-com' }) }),
    ],
  });
  ingress.addRoute({
    hosts: [PUBLIC_HOST],
    virtualServiceName: 'orders-public',
    matches: [{ uri: StringMatch.prefix('/orders.v1.Orders/') }],
    destinations: toOrders(GRPC_PORT),
  });
  ingress.addRoute({
    hosts: [PUBLIC_HOST],
    virtualServiceName: 'orders-public',
    matches: [{ uri: StringMatch.prefix('/api/') }],
    destinations: toOrders(HTTP_PORT),
  });

  // calls to the carrier leave the mesh through the cluster's egress gateway (istio-egressgateway in istio-system)
  const egress = new Gateway(chart, 'orders-egress', {
    mesh,
    egress: true,
    namespace: NAMESPACE,
    selector: { istio: 'egressgateway' },
    installedService: {},
  });
  egress.addEgressRoute(shipping, { port: 443 });

  // who orders calls (another team's service, the carrier through the egress gateway), and who calls it
  // besides the ingress gateway: the storefront team's namespace, on the REST and gRPC ports only
  orders.calls(payments, { ports: [8080, 9090] });
  orders.calls(shipping);
  mesh.addNamespace('storefront'); // another team's namespace: the cluster has it, this app does not emit it
  orders.allowCallsFrom(Caller.namespace('storefront'), { ports: [HTTP_PORT, GRPC_PORT] });

  return { chart, mesh, orders, payments, shipping, ingress, egress };
}
