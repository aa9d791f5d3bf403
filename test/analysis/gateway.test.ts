import { CASES } from './cases/gateway';
import { full, objectsOf, run } from './helpers';
import { analyze } from '../../src/analysis';

const notOnService = (gw: string, port: number, selector: string) => `IST0162 Gateway ${gw}: The gateway is listening on a target port (port ${port}) `
  + `that is not defined in the Service associated with its workload instances (Pod selector ${selector}). If you need to access the gateway port through the gateway Service, it will not be available.`;
const invalid = 'IST0161 Gateway edge/web: The credential referenced by the Gateway web in namespace istio-system is invalid, which can cause the traffic not to work as expected.';
const conflicting = (gw: string, others: string, selector: string, hosts: string) => `IST0145 Gateway ${gw}: Conflict with gateways ${others} (workload selector ${selector}, port 80, hosts ${hosts}).`;

describe('the gateway workload (IST0101 selector, IST0162)', () => {
  test('istioctl\'s default ingress gateway is assumed: a Pod istio=ingressgateway whose Service has ports 80, 443, 31400 and 15443', () => {
    expect(full(run(CASES['default gateway, port 80']))).toEqual([]);
    expect(full(run(CASES['default gateway, its ports']))).toEqual([]);
    expect(full(run(CASES['default gateway, port 8080']))).toEqual([notOnService('edge/web', 8080, 'istio=ingressgateway')]);
  });

  test('istiod in the manifests changes nothing', () => {
    expect(full(run(CASES['istiod does not replace the default gateway']))).toEqual([]);
  });

  test('without the default gateway (by option, or ingressControllerMode OFF), the selector matches no pod', () => {
    const notFound = ['IST0101 Gateway edge/web: Referenced selector not found: "istio=ingressgateway"'];
    expect(full(run(CASES['no default gateway']))).toEqual(notFound);
    expect(full(run(CASES['ingress controller mode OFF']))).toEqual(notFound);
  });

  test('a gateway port may be a Service port (mapped to its target port) or a target port', () => {
    // GIVEN the gateway's own Service with ports 80→8080 and 443→8443
    expect(full(run(CASES['own gateway, Service port']))).toEqual(['IST0101 Gateway edge/tls: Referenced credentialName not found: "none"']);
    expect(full(run(CASES['own gateway, target port']))).toEqual([]);
    expect(full(run(CASES['own gateway, neither']))).toEqual([notOnService('edge/web', 9000, 'istio=ingress')]);
  });

  test('UDP Service ports do not count; a named target port counts as the Service port', () => {
    expect(full(run(CASES['own gateway, UDP and named target ports']))).toEqual([
      notOnService('edge/dns', 5353, 'istio=ingress'),
      notOnService('edge/dns53', 53, 'istio=ingress'),
    ]);
  });

  test('the default gateway stays beside the manifests\' own', () => {
    expect(full(run(CASES['default selector next to own gateway']))).toEqual([]);
  });

  test('a selector matching no pod, or a gateway without servers, is a selector not found; no selector matches every pod', () => {
    expect(full(run(CASES['selector matching no pod']))).toEqual(['IST0101 Gateway edge/web: Referenced selector not found: "istio=egressgateway"']);
    expect(full(run(CASES['gateway without servers']))).toEqual(['IST0101 Gateway edge/web: Referenced selector not found: "istio=ingressgateway"']);
    expect(full(run(CASES['gateway without selector']))).toEqual([]);
  });
});

describe('credentials (IST0101 credentialName, IST0161, MESH012)', () => {
  test('a credential that is no Secret of the gateway pods\' namespace is not found', () => {
    const notFound = ['IST0101 Gateway edge/web: Referenced credentialName not found: "shop-cert"'];
    expect(full(run(CASES['credential not found']))).toEqual(notFound);
    expect(full(run(CASES['credential in the gateway namespace, not the workload\'s']))).toEqual(notFound);
  });

  test('a Secret the cluster holds (clusterObjects) resolves the credential, is never reported on, and an input object replaces it', () => {
    // GIVEN the gateway of 'credential not found', and its Secret in the cluster instead of the input
    const c = CASES['credential not found'];
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'shop-cert', namespace: 'istio-system' } };
    // WHEN / THEN: found, and the cluster's Secret (without data here) is not inspected
    expect(full(analyze(objectsOf(c), { ...c.options, clusterObjects: [secret] }))).toEqual([]);
    // a Secret of another namespace does not help
    expect(full(analyze(objectsOf(c), { ...c.options, clusterObjects: [{ ...secret, metadata: { ...secret.metadata, namespace: 'edge' } }] })))
      .toEqual(['IST0101 Gateway edge/web: Referenced credentialName not found: "shop-cert"']);
    // the input's own Secret of that name replaces the cluster's, and is inspected
    const own = { ...secret, type: 'kubernetes.io/tls', data: { 'tls.crt': Buffer.from('no certificate').toString('base64'), 'tls.key': '' } };
    expect(full(analyze([...objectsOf(c), own], { ...c.options, clusterObjects: [secret] }))).toEqual([invalid]);
  });

  test('a Secret with a valid certificate and key, named or namespace/name, or a cert-manager Certificate\'s Secret, is fine', () => {
    expect(full(run(CASES['valid credential']))).toEqual([]);
    expect(full(run(CASES['credential named namespace/name']))).toEqual([]);
    expect(full(run(CASES['credential of a cert-manager Certificate']))).toEqual([]);
    expect(full(run(CASES['generic cert and key']))).toEqual([]);
    expect(full(run(CASES['string data']))).toEqual([]);
  });

  test('an expired, not yet valid or unreadable certificate, or a missing or empty key, is an invalid credential', () => {
    for (const name of ['expired certificate', 'certificate not yet valid', 'invalid certificate', 'no PEM at all', 'missing key', 'empty key'] as const) {
      expect(full(run(CASES[name]))).toEqual([invalid]);
    }
  });

  test('a key that is no private key, or the key of another certificate, is MESH012', () => {
    expect(full(run(CASES['key that is no key']))).toEqual([
      "MESH012 Gateway edge/web: credentialName 'shop-cert' (Secret istio-system/shop-cert): the private key under 'tls.key' is unusable: it is no PEM private key; "
      + 'the gateway cannot serve TLS with it',
    ]);
    expect(full(run(CASES['key of another certificate']))).toEqual([
      "MESH012 Gateway edge/web: credentialName 'shop-cert' (Secret istio-system/shop-cert): the private key under 'tls.key' is unusable: it does not match the certificate; "
      + 'the gateway cannot serve TLS with it',
    ]);
  });
});

describe('conflicting gateways (IST0145)', () => {
  test('two gateways on one selector and port that list one host conflict', () => {
    expect(full(run(CASES['same host, selector and port']))).toEqual([
      conflicting('edge/a', 'other/b', 'istio=ingressgateway', 'shop.example.com'),
      conflicting('other/b', 'edge/a', 'istio=ingressgateway', 'shop.example.com,*.example.com'),
    ]);
  });

  test('as istioctl, hosts conflict when they are the same string with the same bind, not when they overlap', () => {
    expect(full(run(CASES['overlapping but different hosts']))).toEqual([]);
    expect(full(run(CASES['same host, different bind']))).toEqual([]);
  });

  test('different hosts, ports or selectors do not conflict', () => {
    expect(full(run(CASES['different hosts, ports or selectors']))).toEqual(['IST0101 Gateway edge/d: Referenced selector not found: "app=elsewhere,istio=ingressgateway"']);
  });

  test('a sub-selector conflicts when a pod matches both selectors', () => {
    expect(full(run(CASES['sub-selector on the same pod']))).toEqual([
      conflicting('edge/a', 'edge/b', 'istio=ingressgateway', 'shop.example.com'),
      conflicting('edge/b', 'edge/a', 'app=edge,istio=ingressgateway', 'shop.example.com'),
    ]);
    expect(full(run(CASES['sub-selector on another pod']))).toEqual(['IST0101 Gateway edge/b: Referenced selector not found: "app=other2,istio=ingressgateway"']);
  });

  test('each gateway is compared with the others as written (istioctl carries hosts over, see the README)', () => {
    expect(full(run(CASES['conflicts: istioctl carries hosts over between gateways']))).toEqual([
      conflicting('edge/a', 'edge/c', 'istio=ingressgateway', 'a.example.com'),
      conflicting('edge/c', 'edge/a', 'istio=ingressgateway', 'a.example.com'),
    ]);
  });
});

describe('duplicate certificates (IST0138)', () => {
  test('one credential on two gateways of one workload is reported on both', () => {
    expect(full(run(CASES['one credential on two gateways']))).toEqual([
      'IST0138 Gateway edge/a: Duplicate certificate in multiple gateways [edge/a edge/b] may cause 404s if clients re-use HTTP2 connections.',
      'IST0138 Gateway edge/b: Duplicate certificate in multiple gateways [edge/b edge/a] may cause 404s if clients re-use HTTP2 connections.',
    ]);
  });

  test('different credentials, or gateways of different workloads, are fine', () => {
    expect(full(run(CASES['different credentials']))).toEqual([]);
    expect(full(run(CASES['one credential on gateways of different workloads']))).toEqual([]);
  });
});

describe('Kubernetes Gateway API gateways (IST0166)', () => {
  test('policies selecting the pods Istio deploys for a Kubernetes Gateway are ineffective', () => {
    const ineffective = (policy: string) => `IST0166 ${policy}: Ineffective selector on Kubernetes Gateway web. Use the TargetRef field instead.`;
    expect(full(run(CASES['policy selecting a Kubernetes Gateway\'s pods']))).toEqual([
      ineffective('AuthorizationPolicy shop/p'), ineffective('RequestAuthentication shop/ra'), ineffective('Telemetry shop/t'),
    ]);
  });

  test('a policy targeting the Gateway is fine, whatever its selector', () => {
    expect(full(run(CASES['policy targeting a Kubernetes Gateway']))).toEqual([]);
  });

  test('Istio deploys no pods for a Gateway with addresses', () => {
    expect(full(run(CASES['Kubernetes Gateway with addresses (deployed by hand)']))).toEqual([
      'IST0127 AuthorizationPolicy shop/p: No matching workloads for this resource with the following labels: gateway.networking.k8s.io/gateway-name=web',
    ]);
  });
});

describe('routes through gateways', () => {
  test('the bookinfo gateway sample on a gateway Service 80→8080 reports nothing', () => {
    expect(full(run(CASES['bookinfo gateway sample']))).toEqual([]);
  });
});
