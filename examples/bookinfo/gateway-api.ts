import { App, Chart } from 'cdk8s';
import { BookinfoApp } from './app';
import { Bookinfo } from './bookinfo';
import { addBookinfoRoute } from './ingress';
import { AuthorizationMode, ControlPlane, DataPlane, Gateway, GatewayServer, IstioCrds, Mesh, RoutingApi } from '../../src';

/**
 * The bookinfo ingress in Gateway API form, as Istio's `samples/bookinfo/gateway-api/bookinfo-gateway.yaml`
 * writes it: the Gateway `bookinfo-gateway` (class `istio`, HTTP on port 80 for every host, routes
 * from any namespace) and the HTTPRoute `bookinfo` sending the same paths as the Istio-mode ingress
 * (`/productpage` and `/login`, `/logout` exactly, `/static` and `/api/v1/products` as prefixes) to
 * `productpage:9080`. There is no gateway workload to declare: istiod deploys the Gateway's pods
 * (and their LoadBalancer Service `bookinfo-gateway-istio`, port 80) itself.
 */
export function addBookinfoGatewayApiIngress(bookinfo: Bookinfo): Gateway {
  const gateway = new Gateway(bookinfo, 'bookinfo-gateway', {
    mesh: bookinfo.mesh,
    namespace: bookinfo.productpage.namespace,
    servers: [GatewayServer.http({ port: 80, hosts: ['*'] })],
  });
  addBookinfoRoute(gateway, bookinfo);
  return gateway;
}

/**
 * The entire bookinfo mesh with its routing written in the Kubernetes Gateway API
 * (`RoutingApi.GATEWAY_API`): the same three charts as `buildBookinfoApp`, but every service is
 * routed by an HTTPRoute attached to its Service (GAMMA) that sends to the default version's
 * Service (`reviews-v1` …, one Service per version), and the ingress is a Gateway API Gateway with
 * the HTTPRoute `bookinfo`.
 */
export function buildBookinfoGatewayApiApp(app: App, crds: IstioCrds = IstioCrds.none()): BookinfoApp {
  const base = new Chart(app, 'istio-base');
  const mesh = new Mesh(base, 'mesh', {
    crds,
    dataPlane: DataPlane.synthTime(),
    routingApi: RoutingApi.GATEWAY_API,
    authorization: AuthorizationMode.DENY_BY_DEFAULT,
    sidecarScoping: true,
  });

  const controlPlane = new Chart(app, 'istio-control-plane');
  new ControlPlane(controlPlane, 'istiod', { mesh });
  controlPlane.addDependency(base);

  const bookinfo = new Bookinfo(app, 'bookinfo', { mesh });
  bookinfo.addDependency(controlPlane);
  addBookinfoGatewayApiIngress(bookinfo);
  return { base, controlPlane, bookinfo, mesh };
}
