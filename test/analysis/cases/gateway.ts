/**
 * Inputs of gateway.test.ts. Certificates are made at test time (test/util/certificates.ts).
 */
import { b64, selfSignedCertificate } from '../../util/certificates';
import { app, Case, kase, yaml } from '../helpers';

export function gateway(name: string, spec: string, namespace = 'edge'): string {
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}`;
}

/** A gateway server on PORT for HOSTS (YAML list items) selecting SELECTOR. */
export function server(port: number, hosts = '"shop.example.com"', selector = 'istio: ingressgateway', extra = ''): string {
  return `  selector: {${selector}}
  servers:
  - port: {number: ${port}, name: http-${port}, protocol: HTTP}
    hosts: [${hosts}]${extra}`;
}

/** A gateway workload of its own in namespace gw, labelled `istio: ingress`, with Service ports 80→8080 and 443→8443. */
export const OWN_GATEWAY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress, namespace: gw}
spec:
  selector: {matchLabels: {istio: ingress}}
  template:
    metadata: {labels: {istio: ingress}}
    spec: {containers: [{name: istio-proxy, image: auto}]}
---
apiVersion: v1
kind: Service
metadata: {name: ingress, namespace: gw, labels: {istio: ingress}}
spec:
  selector: {istio: ingress}
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}
  - {name: dns, port: 53, targetPort: 5353, protocol: UDP}
  - {name: status-port, port: 15021, targetPort: status}`;

const ISTIOD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: pilot}}
  template:
    metadata: {labels: {istio: pilot}}
    spec: {containers: [{name: discovery, image: pilot}]}`;

/** An HTTPS server with a credential. */
function https(credential: string, port = 443, selector = 'istio: ingressgateway', host = 'shop.example.com'): string {
  return `  selector: {${selector}}
  servers:
  - port: {number: ${port}, name: https, protocol: HTTPS}
    hosts: ["${host}"]
    tls: {mode: SIMPLE, credentialName: ${credential}}`;
}

/** A Secret with DATA (`key: base64`, …) in NAMESPACE. */
function secret(name: string, data: Record<string, string>, namespace = 'istio-system', field = 'data'): string {
  const entries = Object.entries(data).map(([k, v]) => `  ${k}: ${v}`).join('\n');
  return `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: ${namespace}}\ntype: kubernetes.io/tls\n${field}:\n${entries}`;
}

const DAY = 24 * 60 * 60 * 1000;
const VALID = selfSignedCertificate({ commonName: 'shop.example.com' });
const OTHER = selfSignedCertificate({ commonName: 'other.example.com' });
const EXPIRED = selfSignedCertificate({ notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
const NOT_YET_VALID = selfSignedCertificate({ notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 400 * DAY) });
const tlsData = (cert: string, key: string) => ({ 'tls.crt': b64(cert), 'tls.key': b64(key) });

const K8S_GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: shop}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]`;

function policy(kind: string, apiVersion: string, spec: string, name = 'p'): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${name}, namespace: shop}\nspec:\n${spec}`;
}

const SUB_SELECTOR_POD = `apiVersion: v1
kind: Pod
metadata:
  name: edge-gateway
  namespace: istio-system
  labels: {istio: ingressgateway, app: edge}
spec:
  containers: [{name: istio-proxy, image: proxyv2}]`;

export const CASES = {
  // the gateway workload (IST0101 selector, IST0162)
  'default gateway, port 80': kase(gateway('web', server(80))),
  'default gateway, its ports': kase(yaml(gateway('a', server(443)), gateway('b', server(31400, '"tcp.example.com"')),
    gateway('c', server(15443, '"tls.example.com"')))),
  'default gateway, port 8080': kase(gateway('web', server(8080))),
  'istiod does not replace the default gateway': kase(yaml(ISTIOD, gateway('web', server(80)))),
  'no default gateway': kase(gateway('web', server(80)), { assumeDefaultGateways: false }),
  'ingress controller mode OFF': kase(yaml(gateway('web', server(80)),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: |\n    ingressControllerMode: "OFF"')),
  'own gateway, Service port': kase(yaml(OWN_GATEWAY, gateway('web', server(80, undefined, 'istio: ingress')), gateway('tls', https('none', 443, 'istio: ingress')))),
  'own gateway, target port': kase(yaml(OWN_GATEWAY, gateway('web', server(8080, undefined, 'istio: ingress')))),
  'own gateway, neither': kase(yaml(OWN_GATEWAY, gateway('web', server(9000, undefined, 'istio: ingress')))),
  'own gateway, UDP and named target ports': kase(yaml(OWN_GATEWAY, gateway('dns', server(5353, undefined, 'istio: ingress')),
    gateway('dns53', server(53, '"dns.example.com"', 'istio: ingress')), gateway('status', server(15021, '"status.example.com"', 'istio: ingress')))),
  'default selector next to own gateway': kase(yaml(OWN_GATEWAY, gateway('web', server(80)))),
  'selector matching no pod': kase(gateway('web', server(80, undefined, 'istio: egressgateway'))),
  'gateway without servers': kase(gateway('web', '  selector: {istio: ingressgateway}')),
  'gateway without selector': kase(gateway('web', '  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]')),

  // credentials (IST0101 credentialName, IST0161, MESH012)
  'credential not found': kase(gateway('web', https('shop-cert'))),
  'credential in the gateway namespace, not the workload\'s': kase(yaml(secret('shop-cert', tlsData(VALID.cert, VALID.key), 'edge'), gateway('web', https('shop-cert')))),
  'valid credential': kase(yaml(secret('shop-cert', tlsData(VALID.cert, VALID.key)), gateway('web', https('shop-cert')))),
  'credential named namespace/name': kase(yaml(secret('shop-cert', tlsData(VALID.cert, VALID.key), 'edge'), gateway('web', https('edge/shop-cert')))),
  'credential of a cert-manager Certificate': kase(yaml(gateway('web', https('shop-cert')),
    'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: shop, namespace: istio-system}\n'
      + 'spec: {secretName: shop-cert, dnsNames: [shop.example.com], issuerRef: {name: ca, kind: ClusterIssuer}}')),
  'expired certificate': kase(yaml(secret('shop-cert', tlsData(EXPIRED.cert, EXPIRED.key)), gateway('web', https('shop-cert')))),
  'certificate not yet valid': kase(yaml(secret('shop-cert', tlsData(NOT_YET_VALID.cert, NOT_YET_VALID.key)), gateway('web', https('shop-cert')))),
  'invalid certificate': kase(yaml(secret('shop-cert', tlsData('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n', VALID.key)),
    gateway('web', https('shop-cert')))),
  'no PEM at all': kase(yaml(secret('shop-cert', { cert: b64('just text'), key: b64('more text') }), gateway('web', https('shop-cert')))),
  'missing key': kase(yaml(secret('shop-cert', { 'tls.crt': b64(VALID.cert) }), gateway('web', https('shop-cert')))),
  'empty key': kase(yaml(secret('shop-cert', { 'tls.crt': b64(VALID.cert), 'tls.key': '""' }), gateway('web', https('shop-cert')))),
  'generic cert and key': kase(yaml(secret('shop-cert', { cert: b64(VALID.cert), key: b64(VALID.key) }), gateway('web', https('shop-cert')))),
  'string data': kase(yaml(secret('shop-cert', { 'tls.crt': JSON.stringify(VALID.cert), 'tls.key': JSON.stringify(VALID.key) }, 'istio-system', 'stringData'),
    gateway('web', https('shop-cert')))),
  'key that is no key': kase(yaml(secret('shop-cert', tlsData(VALID.cert, 'not a key')), gateway('web', https('shop-cert')))),
  'key of another certificate': kase(yaml(secret('shop-cert', tlsData(VALID.cert, OTHER.key)), gateway('web', https('shop-cert')))),

  // conflicting gateways (IST0145)
  'same host, selector and port': kase(yaml(gateway('a', server(80)), gateway('b', server(80, '"shop.example.com", "*.example.com"'), 'other'))),
  'overlapping but different hosts': kase(yaml(gateway('a', server(80)), gateway('b', server(80, '"*.example.com"'), 'other'))),
  'different hosts, ports or selectors': kase(yaml(gateway('a', server(80)), gateway('b', server(80, '"blog.example.com"')),
    gateway('c', server(443)), gateway('d', server(80, undefined, 'istio: ingressgateway, app: elsewhere')))),
  'same host, different bind': kase(yaml(gateway('a', server(80)), gateway('b', server(80).replace('    hosts:', '    bind: 127.0.0.1\n    hosts:')))),
  'sub-selector on the same pod': kase(yaml(SUB_SELECTOR_POD, gateway('a', server(80)), gateway('b', server(80, undefined, 'istio: ingressgateway, app: edge')))),
  'sub-selector on another pod': kase(yaml(SUB_SELECTOR_POD.replace('app: edge', 'app: other'), gateway('a', server(80)),
    gateway('b', server(80, undefined, 'istio: ingressgateway, app: other2')))),
  'conflicts: istioctl carries hosts over between gateways': kase(yaml(gateway('a', server(80, '"a.example.com"')),
    gateway('b', server(80, '"b.example.com"')), gateway('c', server(80, '"a.example.com"')))),

  // duplicate certificates (IST0138)
  'one credential on two gateways': kase(yaml(secret('wildcard', tlsData(VALID.cert, VALID.key)),
    gateway('a', https('wildcard', 443, undefined, 'a.example.com')), gateway('b', https('wildcard', 443, undefined, 'b.example.com')))),
  'different credentials': kase(yaml(secret('wildcard', tlsData(VALID.cert, VALID.key)), secret('other', tlsData(OTHER.cert, OTHER.key)),
    gateway('a', https('wildcard', 443, undefined, 'a.example.com')), gateway('b', https('other', 443, undefined, 'b.example.com')))),
  'one credential on gateways of different workloads': kase(yaml(OWN_GATEWAY, secret('wildcard', tlsData(VALID.cert, VALID.key)),
    secret('wildcard', tlsData(VALID.cert, VALID.key), 'gw'),
    gateway('a', https('wildcard', 443, undefined, 'a.example.com')), gateway('b', https('wildcard', 443, 'istio: ingress', 'b.example.com')))),

  // Kubernetes Gateway API gateways (IST0166)
  'policy selecting a Kubernetes Gateway\'s pods': kase(yaml(K8S_GATEWAY,
    policy('AuthorizationPolicy', 'security.istio.io/v1', '  selector: {matchLabels: {gateway.networking.k8s.io/gateway-name: web}}\n  action: DENY\n  rules: [{}]'),
    policy('RequestAuthentication', 'security.istio.io/v1', '  selector: {matchLabels: {gateway.networking.k8s.io/gateway-name: web}}\n  jwtRules: [{issuer: "https://issuer.example.com"}]', 'ra'),
    policy('Telemetry', 'telemetry.istio.io/v1', '  selector: {matchLabels: {gateway.networking.k8s.io/gateway-name: web}}\n  accessLogging: [{providers: [{name: envoy}]}]', 't'))),
  'policy targeting a Kubernetes Gateway': kase(yaml(K8S_GATEWAY,
    policy('AuthorizationPolicy', 'security.istio.io/v1', '  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: web}\n'
      + '  selector: {matchLabels: {gateway.networking.k8s.io/gateway-name: web}}\n  action: DENY\n  rules: [{}]'))),
  'Kubernetes Gateway with addresses (deployed by hand)': kase(yaml(K8S_GATEWAY.replace('  gatewayClassName: istio', '  gatewayClassName: istio\n  addresses: [{type: Hostname, value: web.shop.svc.cluster.local}]'),
    policy('AuthorizationPolicy', 'security.istio.io/v1', '  selector: {matchLabels: {gateway.networking.k8s.io/gateway-name: web}}\n  action: DENY\n  rules: [{}]'))),

  // routes through gateways
  'bookinfo gateway sample': kase(yaml(app('productpage'), gateway('bookinfo-gateway', server(8080, '"*"'), 'default'),
    OWN_GATEWAY.replace(/istio: ingress\b/g, 'istio: ingressgateway').replace(/namespace: gw/g, 'namespace: istio-ingress'),
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: bookinfo}
spec:
  hosts: ["*"]
  gateways: [bookinfo-gateway]
  http:
  - match:
    - uri: {exact: /productpage}
    - uri: {prefix: /static}
    route:
    - destination: {host: productpage, port: {number: 9080}}`)),
} satisfies Record<string, Case>;
