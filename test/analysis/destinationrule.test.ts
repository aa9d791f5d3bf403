import { app, run, summary, withCode, yaml } from './helpers';

function dr(name: string, body: string, namespace?: string): string {
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
${body}`;
}

const SUBSETS = `  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}`;

describe('hosts (IST0174)', () => {
  test('a DestinationRule for a host no service has is reported', () => {
    const messages = run(yaml(app('reviews'), dr('x', '  host: ratings')));
    expect(withCode(messages, 'IST0174').map(m => m.message)).toEqual(['The host ratings defined in the DestinationRule does not match any services in the mesh.']);
  });

  test('a Service, an FQDN and a ServiceEntry host are known', () => {
    const se = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: ext}\nspec:\n  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]';
    const messages = run(yaml(app('reviews'), se, dr('a', '  host: reviews'), dr('b', '  host: reviews.default.svc.cluster.local'), dr('c', '  host: api.example.com')));
    expect(withCode(messages, 'IST0174')).toEqual([]);
  });
});

describe('subsets select pods (MESH008, IST0173)', () => {
  test('a subset whose labels match no pod of the host is reported (manifests)', () => {
    const messages = run(yaml(app('reviews', { versions: ['v1'] }), dr('reviews', SUBSETS)));
    expect(withCode(messages, 'MESH008').map(m => m.message)).toEqual([
      "subset 'v2' (labels version=v2) selects no pod of Service default/reviews: traffic routed to it fails with 503 (no healthy upstream) until such pods exist",
    ]);
    expect(withCode(messages, 'MESH008')[0].level).toBe('Warning');
    expect(withCode(messages, 'IST0173')).toEqual([]);
  });

  test('labels that match pods of another service only do not count', () => {
    const messages = run(yaml(app('reviews', { versions: ['v1'] }), app('ratings', { versions: ['v2'] }), dr('reviews', SUBSETS)));
    expect(summary(withCode(messages, 'MESH008'))).toEqual(['MESH008 DestinationRule reviews']);
  });

  test('subsets selecting a Deployment or a StatefulSet pod template are fine', () => {
    const statefulSet = app('reviews', { versions: ['v2'] }).split('---\n')[1].replace('kind: Deployment', 'kind: StatefulSet');
    expect(withCode(run(yaml(app('reviews', { versions: ['v1'] }), statefulSet, dr('reviews', SUBSETS))), 'MESH008')).toEqual([]);
  });

  test('with Pods in the input (a cluster state), a subset selecting no Pod is IST0173 as istioctl reports it', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: reviews-v1-abc
  labels: {app: reviews, version: v1}
spec:
  containers: [{name: reviews, image: example.com/reviews:v1}]
status: {phase: Running}`;
    const messages = run(yaml(app('reviews', { versions: ['v1', 'v2'] }), pod, dr('reviews', SUBSETS)));
    expect(withCode(messages, 'IST0173').map(m => `${m.level} ${m.message}`)).toEqual([
      'Error The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    ]);
    expect(withCode(messages, 'MESH008')).toEqual([]);
  });

  test('a Pod of a manifest (no status) does not make the input a cluster state', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: debug, labels: {app: reviews, version: v1}}\nspec: {containers: [{name: d, image: busybox}]}';
    const messages = run(yaml(app('reviews', { versions: ['v1'] }), pod, dr('reviews', SUBSETS)));
    expect(withCode(messages, 'IST0173')).toEqual([]);
    expect(summary(withCode(messages, 'MESH008'))).toEqual(['MESH008 DestinationRule reviews']);
  });
});

describe('CA certificates (IST0128, IST0129)', () => {
  test('SIMPLE TLS without caCertificates is reported at destination and port level', () => {
    const body = `  host: reviews
  trafficPolicy:
    tls: {mode: SIMPLE}
    portLevelSettings:
    - port: {number: 9080}
      tls: {mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem}`;
    const messages = run(yaml(app('reviews'), dr('tls', body)));
    expect(withCode(messages, 'IST0128').map(m => m.message)).toEqual([
      'DestinationRule default/tls in namespace default has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: reviews',
    ]);
    expect(withCode(messages, 'IST0129').map(m => m.message)).toEqual([
      'DestinationRule default/tls in namespace default has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: reviews at port number:9080',
    ]);
  });

  test('caCertificates, ISTIO_MUTUAL, and credentialName with a workloadSelector are fine', () => {
    const body = `  host: reviews
  workloadSelector: {matchLabels: {app: client}}
  trafficPolicy:
    tls: {mode: SIMPLE, credentialName: ca}
    portLevelSettings:
    - port: {number: 9080}
      tls: {mode: SIMPLE, caCertificates: /ca.pem}
    - port: {number: 9081}
      tls: {mode: ISTIO_MUTUAL}`;
    const messages = run(yaml(app('reviews'), dr('tls', body)));
    expect(withCode(messages, 'IST0128')).toEqual([]);
    expect(withCode(messages, 'IST0129')).toEqual([]);
  });
});

describe('subset policies no route selects (MESH002)', () => {
  const body = `${SUBSETS}
    trafficPolicy:
      loadBalancer: {simple: LEAST_REQUEST}`;
  const routeTo = (subset: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: ${subset}}`;

  test('a subset traffic policy without a route to the subset is reported', () => {
    const messages = run(yaml(app('reviews', { versions: ['v1', 'v2'] }), dr('reviews', body), routeTo('v1')));
    expect(withCode(messages, 'MESH002').map(m => m.message)).toEqual([
      "subset 'v2' of host 'reviews' has a traffic policy, but no VirtualService route sends traffic to that subset, so the policy never applies; route to the subset, or move the policy to the DestinationRule's trafficPolicy",
    ]);
  });

  test('a route to the subset, or no subset policy, is fine', () => {
    expect(withCode(run(yaml(app('reviews', { versions: ['v1', 'v2'] }), dr('reviews', body), routeTo('v2'))), 'MESH002')).toEqual([]);
    expect(withCode(run(yaml(app('reviews', { versions: ['v1', 'v2'] }), dr('reviews', SUBSETS))), 'MESH002')).toEqual([]);
  });
});

describe('several DestinationRules for one host (MESH006)', () => {
  test('two rules for one host in one namespace are reported on both', () => {
    const messages = run(yaml(app('reviews'), dr('a', '  host: reviews'), dr('b', '  host: reviews.default.svc.cluster.local')));
    expect(summary(withCode(messages, 'MESH006'))).toEqual(['MESH006 DestinationRule a', 'MESH006 DestinationRule b']);
    expect(withCode(messages, 'MESH006')[0].message).toContain('DestinationRules default/a, default/b all configure host reviews.default.svc.cluster.local');
  });

  test('rules in different namespaces, or for different workloads, are fine', () => {
    expect(withCode(run(yaml(app('reviews'), dr('a', '  host: reviews'), dr('b', '  host: reviews.default.svc.cluster.local', 'client'))), 'MESH006')).toEqual([]);
    const scoped = dr('b', '  host: reviews\n  workloadSelector: {matchLabels: {app: client}}');
    expect(withCode(run(yaml(app('reviews'), dr('a', '  host: reviews'), scoped)), 'MESH006')).toEqual([]);
  });
});

describe('TLS modes against PeerAuthentication (MESH004)', () => {
  const pa = (name: string, namespace: string, spec: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}`;
  const tls = (mode: string) => dr('reviews', `  host: reviews\n  trafficPolicy:\n    tls: {mode: ${mode}}`);

  test('DISABLE towards workloads under a mesh-wide STRICT policy fails', () => {
    const messages = run(yaml(app('reviews'), pa('default', 'istio-system', '  mtls: {mode: STRICT}'), tls('DISABLE')));
    expect(withCode(messages, 'MESH004').map(m => `${m.level} ${m.message}`)).toEqual([
      "Error trafficPolicy sets TLS mode DISABLE for host 'reviews' port 9080: the client sends plaintext, but PeerAuthentication istio-system/default "
      + 'requires Istio mutual TLS (STRICT) on reviews-v1, so the connections fail',
    ]);
  });

  test('the root namespace is configurable', () => {
    const input = yaml(app('reviews'), pa('default', 'mesh-root', '  mtls: {mode: STRICT}'), tls('DISABLE'));
    expect(withCode(run(input), 'MESH004')).toEqual([]);
    expect(withCode(run(input, { rootNamespace: 'mesh-root' }), 'MESH004')).toHaveLength(1);
  });

  test('a namespace-wide PERMISSIVE policy overrides the mesh-wide STRICT one', () => {
    const messages = run(yaml(app('reviews'), pa('default', 'istio-system', '  mtls: {mode: STRICT}'), pa('default', 'default', '  mtls: {mode: PERMISSIVE}'), tls('DISABLE')));
    expect(withCode(messages, 'MESH004')).toEqual([]);
  });

  test('a workload policy and its port-level setting are the most specific', () => {
    const workload = pa('reviews', 'default', '  selector: {matchLabels: {app: reviews}}\n  mtls: {mode: STRICT}\n  portLevelMtls:\n    "9080": {mode: PERMISSIVE}');
    expect(withCode(run(yaml(app('reviews'), workload, tls('DISABLE'))), 'MESH004')).toEqual([]);
    const strict = pa('reviews', 'default', '  selector: {matchLabels: {app: reviews}}\n  mtls: {mode: STRICT}');
    expect(summary(withCode(run(yaml(app('reviews'), strict, tls('SIMPLE'))), 'MESH004'))).toEqual(['MESH004 DestinationRule reviews']);
  });

  test('ISTIO_MUTUAL towards workloads with mutual TLS disabled fails', () => {
    const messages = run(yaml(app('reviews'), pa('off', 'default', '  mtls: {mode: DISABLE}'), tls('ISTIO_MUTUAL')));
    expect(withCode(messages, 'MESH004')[0].message).toContain('the client sends Istio mutual TLS, but PeerAuthentication default/off disables mutual TLS (DISABLE) on reviews-v1');
  });

  test('a subset TLS mode is checked against the subset pods', () => {
    const body = `  host: reviews
  subsets:
  - name: v2
    labels: {version: v2}
    trafficPolicy:
      tls: {mode: DISABLE}`;
    const strictV2 = pa('v2', 'default', '  selector: {matchLabels: {version: v2}}\n  mtls: {mode: STRICT}');
    const messages = run(yaml(app('reviews', { versions: ['v1', 'v2'] }), strictV2, dr('reviews', body)));
    expect(withCode(messages, 'MESH004').map(m => m.message)).toEqual([
      "subset 'v2' sets TLS mode DISABLE for host 'reviews' port 9080: the client sends plaintext, but PeerAuthentication default/v2 requires Istio mutual TLS (STRICT) on reviews-v2, so the connections fail",
    ]);
  });

  test('matching modes, or no TLS setting (auto mTLS), are fine', () => {
    const strict = pa('default', 'istio-system', '  mtls: {mode: STRICT}');
    expect(withCode(run(yaml(app('reviews'), strict, tls('ISTIO_MUTUAL'))), 'MESH004')).toEqual([]);
    expect(withCode(run(yaml(app('reviews'), strict, dr('reviews', '  host: reviews'))), 'MESH004')).toEqual([]);
    expect(withCode(run(yaml(app('reviews'), tls('DISABLE'))), 'MESH004')).toEqual([]);
  });
});
