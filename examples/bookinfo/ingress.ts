import { Bookinfo } from './bookinfo';
import { Gateway, GatewayServer, GatewayWorkload, StringMatch } from '../../src';

/** What `addBookinfoIngress` adds. */
export interface BookinfoIngress {
  /** The ingress gateway's pods (`istio: ingressgateway`), Service, account and Secret access. */
  readonly workload: GatewayWorkload;
  /** The Istio Gateway `bookinfo-gateway` and, through its route, the VirtualService `bookinfo`. */
  readonly gateway: Gateway;
}

/**
 * Istio's `bookinfo-gateway.yaml` written with cdk8s-mesh: the Gateway `bookinfo-gateway` (HTTP on
 * 8080 for every host, on the pods labelled `istio: ingressgateway`) and the VirtualService
 * `bookinfo` that sends the product page, its static files, login, logout and the products API to
 * `productpage:9080` — plus the ingress gateway the sample expects to be installed already:
 * `istio-ingressgateway` in `istio-ingress`, whose Service maps 80 → 8080 (the port the Gateway
 * names) and 443 → 8443, like the gateway of istioctl's default profile.
 *
 * The Gateway and VirtualService live in bookinfo's namespace, as the sample's do when applied
 * there; the Gateway's selector finds the gateway pods in their own namespace.
 */
export function addBookinfoIngress(bookinfo: Bookinfo): BookinfoIngress {
  const mesh = bookinfo.mesh;
  const workload = new GatewayWorkload(bookinfo, 'istio-ingressgateway', { mesh });
  const gateway = new Gateway(bookinfo, 'bookinfo-gateway', {
    mesh,
    workload,
    namespace: bookinfo.productpage.namespace,
    servers: [GatewayServer.http({ port: 8080, hosts: ['*'] })],
  });
  addBookinfoRoute(gateway, bookinfo);
  return { workload, gateway };
}

/**
 * The route of the sample's VirtualService `bookinfo`: the product page and `/login`, `/logout`
 * exactly, `/static` and `/api/v1/products` as prefixes, to `productpage:9080`.
 */
export function addBookinfoRoute(gateway: Gateway, bookinfo: Bookinfo): void {
  gateway.addRoute({
    hosts: ['*'],
    virtualServiceName: 'bookinfo',
    matches: [
      { uri: StringMatch.exact('/productpage') },
      { uri: StringMatch.prefix('/static') },
      { uri: StringMatch.exact('/login') },
      { uri: StringMatch.exact('/logout') },
      { uri: StringMatch.prefix('/api/v1/products') },
    ],
    destinations: [{ host: bookinfo.productpage, port: 9080 }],
  });
}
