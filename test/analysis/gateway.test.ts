import { app, run, summary, withCode, yaml } from './helpers';

function gateway(name: string, spec: string, namespace = 'edge'): string {
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}`;
}

const HTTP_8080 = `  selector: {istio: ingressgateway}
  servers:
  - port: {number: 8080, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]`;

const OWN_GATEWAY = `apiVersion: apps/v1
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
metadata: {name: ingress, namespace: gw}
spec:
  selector: {istio: ingress}
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}`;

describe('gateway workload (IST0101 selector, IST0162)', () => {
  test("Istio's default ingress gateway is assumed when the manifests have no gateway workload", () => {
    expect(run(gateway('web', HTTP_8080))).toEqual([]);
  });

  test('istiod in the manifests does not replace the default gateway', () => {
    const istiod = OWN_GATEWAY.split('---')[0].replace(/istio: ingress/g, 'istio: pilot').replace('name: istio-proxy, image: auto', 'name: discovery, image: pilot');
    expect(run(yaml(istiod, gateway('web', HTTP_8080)))).toEqual([]);
  });

  test('a port that is no target port of the gateway Service is reported', () => {
    const messages = run(gateway('web', HTTP_8080.replace('8080', '80')));
    expect(withCode(messages, 'IST0162').map(m => m.message)).toEqual([
      'The gateway is listening on a target port (port 80) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). '
      + 'If you need to access the gateway port through the gateway Service, it will not be available.',
    ]);
  });

  test('without assumed default gateways, a selector matching no workload is not found', () => {
    const messages = run(gateway('web', HTTP_8080), { assumeDefaultGateways: false });
    expect(withCode(messages, 'IST0101').map(m => m.message)).toEqual(['Referenced selector not found: "istio=ingressgateway"']);
  });

  test("the manifests' own gateway workload replaces the default one", () => {
    const messages = run(yaml(OWN_GATEWAY, gateway('web', HTTP_8080)));
    expect(withCode(messages, 'IST0101').map(m => m.message)).toEqual(['Referenced selector not found: "istio=ingressgateway"']);
    expect(withCode(run(yaml(OWN_GATEWAY, gateway('web', HTTP_8080.replace('ingressgateway', 'ingress')))), 'IST0101')).toEqual([]);
    expect(summary(withCode(run(yaml(OWN_GATEWAY, gateway('web', HTTP_8080.replace('ingressgateway', 'ingress').replace('8080', '9000')))), 'IST0162')))
      .toEqual(['IST0162 Gateway edge/web']);
  });
});

describe('credentials (IST0101 credentialName)', () => {
  const https = `  selector: {istio: ingressgateway}
  servers:
  - port: {number: 8443, name: https, protocol: HTTPS}
    hosts: ["shop.example.com"]
    tls: {mode: SIMPLE, credentialName: shop-cert}`;
  const secret = (namespace: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: shop-cert, namespace: ${namespace}}\ntype: kubernetes.io/tls`;

  test("a credential that is no Secret of the gateway workload's namespace is not found", () => {
    expect(withCode(run(gateway('web', https)), 'IST0101').map(m => m.message)).toEqual(['Referenced credentialName not found: "shop-cert"']);
    expect(withCode(run(yaml(secret('edge'), gateway('web', https))), 'IST0101')).toHaveLength(1);
  });

  test("a Secret, or a cert-manager Certificate's secret, in the workload's namespace is found", () => {
    expect(withCode(run(yaml(secret('istio-system'), gateway('web', https))), 'IST0101')).toEqual([]);
    const cert = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: shop, namespace: istio-system}\nspec: {secretName: shop-cert, dnsNames: [shop.example.com]}';
    expect(withCode(run(yaml(cert, gateway('web', https))), 'IST0101')).toEqual([]);
  });
});

describe('conflicting gateways (IST0145)', () => {
  test('two gateways with one selector and port and overlapping hosts conflict', () => {
    const messages = run(yaml(gateway('a', HTTP_8080), gateway('b', HTTP_8080.replace('"shop.example.com"', '"*.example.com"'), 'other')));
    expect(withCode(messages, 'IST0145').map(m => `${m.resource}: ${m.message}`)).toEqual([
      'Gateway edge/a: Conflict with gateways other/b (workload selector istio=ingressgateway, port 8080, hosts shop.example.com).',
      'Gateway other/b: Conflict with gateways edge/a (workload selector istio=ingressgateway, port 8080, hosts *.example.com).',
    ]);
  });

  test('different hosts, ports or selectors do not conflict', () => {
    expect(withCode(run(yaml(gateway('a', HTTP_8080), gateway('b', HTTP_8080.replace('shop.example.com', 'blog.example.com')))), 'IST0145')).toEqual([]);
    expect(withCode(run(yaml(gateway('a', HTTP_8080), gateway('b', HTTP_8080.replace('8080', '8443')))), 'IST0145')).toEqual([]);
    expect(withCode(run(yaml(gateway('a', HTTP_8080), gateway('b', HTTP_8080.replace('ingressgateway', 'egressgateway')))), 'IST0145')).toEqual([]);
  });
});

describe('duplicate certificates (IST0138)', () => {
  const tls = (hosts: string, credential: string, selector = 'istio: ingressgateway') => `  selector: {${selector}}
  servers:
  - port: {number: 8443, name: https, protocol: HTTPS}
    hosts: ["${hosts}"]
    tls: {mode: SIMPLE, credentialName: ${credential}}`;
  const cert = 'apiVersion: v1\nkind: Secret\nmetadata: {name: wildcard, namespace: istio-system}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: other, namespace: istio-system}';

  test('one credential on two gateways of one workload is reported on both', () => {
    const messages = run(yaml(cert, gateway('a', tls('a.example.com', 'wildcard')), gateway('b', tls('b.example.com', 'wildcard'))));
    expect(withCode(messages, 'IST0138').map(m => `${m.resource}: ${m.message}`)).toEqual([
      'Gateway edge/a: Duplicate certificate in multiple gateways [edge/a edge/b] may cause 404s if clients re-use HTTP2 connections.',
      'Gateway edge/b: Duplicate certificate in multiple gateways [edge/b edge/a] may cause 404s if clients re-use HTTP2 connections.',
    ]);
  });

  test('different credentials, or gateways of different workloads, are fine', () => {
    expect(withCode(run(yaml(cert, gateway('a', tls('a.example.com', 'wildcard')), gateway('b', tls('b.example.com', 'other')))), 'IST0138')).toEqual([]);
    expect(withCode(run(yaml(cert, gateway('a', tls('a.example.com', 'wildcard')), gateway('b', tls('b.example.com', 'wildcard', 'istio: egressgateway')))), 'IST0138')).toEqual([]);
  });
});

describe('routes through gateways', () => {
  test('the bookinfo gateway sample reports nothing', () => {
    const vs = `apiVersion: networking.istio.io/v1
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
    - destination: {host: productpage, port: {number: 9080}}`;
    expect(run(yaml(app('productpage'), gateway('bookinfo-gateway', HTTP_8080.replace('"shop.example.com"', '"*"'), 'default'), vs))).toEqual([]);
  });
});
