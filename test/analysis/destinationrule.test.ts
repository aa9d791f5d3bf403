import { CASES } from './cases/destinationrule';
import { full, run } from './helpers';
import { LabelIndex } from '../../src/analysis/labels';

const noPods = (dr: string, subset: string) => `IST0173 DestinationRule ${dr}: The Subset ${subset} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`;
const noProxy = (pod: string) => `IST0103 Pod ${pod}: The pod default/${pod} is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.`;
const twoRules = (dr: string) => `MESH006 DestinationRule ${dr}: DestinationRules default/a, default/b all configure host reviews.default.svc.cluster.local: `
  + "Istio merges them only partly (the first one's traffic policy wins), so the settings in force depend on creation order; merge them into one DestinationRule";
const v2WithoutPods = "MESH008 DestinationRule reviews: subset 'v2' (labels version=v2) selects no pod of Service default/reviews: traffic routed to it fails with 503 "
  + '(no healthy upstream) until such pods exist';
const twoVersions = "MESH007 Service reviews: service 'reviews' runs 2 versions (v1, v2) but no VirtualService or Gateway API route routes it: "
  + 'requests go to every version in turn; add a VirtualService or an HTTPRoute with the Service as parent that says which version gets what';

describe('hosts (IST0174)', () => {
  test('a DestinationRule for a host no service has is reported', () => {
    expect(full(run(CASES['unknown host']))).toEqual(['IST0174 DestinationRule x: The host ratings defined in the DestinationRule does not match any services in the mesh.']);
  });

  test('a Service, an FQDN and a ServiceEntry host are known', () => {
    // (a and b are two rules for one host, without policies or subsets: they merge the same in any order)
    expect(full(run(CASES['known hosts']))).toEqual([]);
  });
});

describe('subsets select pods (IST0173, MESH008)', () => {
  test('a subset selecting no pod of the cluster is IST0173: the Deployments\' pods are the cluster\'s', () => {
    const messages = run(CASES['subset selecting no pod']);
    expect(full(messages)).toEqual([noPods('reviews', 'v2')]);
    expect(messages[0].level).toBe('Error');
  });

  test('a subset selecting pods of another service only is MESH008', () => {
    expect(full(run(CASES['subset selecting pods of another service only']))).toEqual([v2WithoutPods]);
  });

  test('subsets selecting a Deployment\'s or a StatefulSet\'s pods, or a Pod, are fine', () => {
    expect(full(run(CASES['subsets of a Deployment and a StatefulSet']))).toEqual([twoVersions]);
    // a Pod runs as given: this one has no proxy in an injected namespace
    expect(full(run(CASES['subsets selecting Pods']))).toEqual([noPods('reviews', 'v2'), noProxy('reviews-v1-abc')]);
  });

  test('with IST0173 suppressed on the rule (a version whose pods come from elsewhere), MESH008 warns', () => {
    expect(full(run(CASES['IST0173 suppressed on the rule']))).toEqual([v2WithoutPods]);
  });

  test('a ServiceEntry\'s workload selector is part of its subsets\' selectors', () => {
    expect(full(run(CASES['subsets of a ServiceEntry with a workload selector']))).toEqual([noPods('vm', 'v2'), noProxy('other'), noProxy('vm-1')]);
  });

  test('pods have the topology labels of their node and its name, as in Istio\'s registry', () => {
    // GIVEN a pod on node-a in eu-west-1/eu-west-1b/rack-7: the network label is no node's
    expect(full(run(CASES['topology labels of the pod\'s node']))).toEqual([noPods('httpbin', 'network'), noPods('httpbin', 'v1-elsewhere'), noProxy('httpbin-1')]);
  });

  test('a subzone counts only with a zone, and empty topology labels are not set', () => {
    expect(full(run(CASES['a subzone without zone, and empty topology labels']))).toEqual([noPods('httpbin', 'empty-region'), noPods('httpbin', 'subzone'), noProxy('httpbin-1')]);
  });

  test('pods are indexed by their node\'s labels only when a pod runs on a named node (fast path)', () => {
    // GIVEN pods without node (Deployments), then one on a node
    const add = jest.spyOn(LabelIndex.prototype, 'add');
    try {
      run(CASES['subset selecting no pod']);
      const withoutNodes = add.mock.calls.length;
      add.mockClear();
      run(CASES['a pod on a node the input does not have']);
      const withNode = add.mock.calls.length;
      // THEN the pods (reviews-v1; istioctl's ingress pod) are indexed once, and twice with a node (httpbin-1; the ingress pod)
      expect([withoutNodes, withNode]).toEqual([2, 4]);
    } finally {
      add.mockRestore();
    }
  });

  test('a pod on a node the input does not have has the node name, and no topology', () => {
    expect(full(run(CASES['a pod on a node the input does not have']))).toEqual([noPods('httpbin', 'region'), noProxy('httpbin-1')]);
  });
});

describe('CA certificates (IST0128, IST0129)', () => {
  test('SIMPLE TLS without caCertificates is reported at destination and port level', () => {
    expect(full(run(CASES['TLS without CA certificates']))).toEqual([
      'IST0128 DestinationRule tls: DestinationRule default/tls in namespace default has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: reviews',
      'IST0129 DestinationRule tls: DestinationRule default/tls in namespace default has TLS mode set to MUTUAL but no caCertificates are set to validate server identity '
      + 'for host: reviews at port number:9080',
    ]);
  });

  test('caCertificates, ISTIO_MUTUAL, and credentialName with a workloadSelector are fine', () => {
    expect(full(run(CASES['TLS with CA certificates']))).toEqual([]);
  });
});

describe('subset policies no route selects (MESH002)', () => {
  test('a subset traffic policy without a route to the subset is reported', () => {
    expect(full(run(CASES['subset policy without route']))).toEqual([
      "MESH002 DestinationRule reviews: subset 'v2' of host 'reviews' has a traffic policy, but no VirtualService route sends traffic to that subset, so the policy never applies; "
      + "route to the subset, or move the policy to the DestinationRule's trafficPolicy",
    ]);
  });

  test('a route to the subset, or no subset policy, is fine', () => {
    expect(full(run(CASES['subset policy with route']))).toEqual([]);
    expect(full(run(CASES['no subset policy']))).toEqual([twoVersions]);
  });
});

describe('several DestinationRules for one host (MESH006)', () => {
  test('two rules for one host in one namespace are reported on both', () => {
    expect(full(run(CASES['two rules for one host']))).toEqual([twoRules('a'), twoRules('b')]);
  });

  test('rules that merge the same in any order are fine: one traffic policy, distinct subset names, the same exportTo', () => {
    // GIVEN a rule with a policy and subset v1, and a rule of subset v2 only (as Argo Rollouts edits)
    expect(full(run(CASES['a policy and a rule of other subsets'])).filter(m => m.startsWith('MESH006'))).toEqual([]);
  });

  test('rules that share a subset name, or differ in exportTo, are reported', () => {
    const reported = (key: 'two rules with one subset name' | 'two rules with different exportTo') =>
      full(run(CASES[key])).filter(m => m.startsWith('MESH006'));
    expect(reported('two rules with one subset name')).toEqual([twoRules('a'), twoRules('b')]);
    expect(reported('two rules with different exportTo')).toEqual([twoRules('a'), twoRules('b')]);
  });

  test('rules in different namespaces, or for different workloads, are fine', () => {
    expect(full(run(CASES['rules in two namespaces']))).toEqual([]);
    expect(full(run(CASES['rules for different workloads']))).toEqual([]);
  });
});

describe('TLS modes against PeerAuthentication (MESH004)', () => {
  const strictV1 = (mode: string, why: string, source = 'istio-system/default') => `MESH004 DestinationRule reviews: trafficPolicy sets TLS mode ${mode} for host 'reviews' port 9080: `
    + `the client ${why}, but PeerAuthentication ${source} requires Istio mutual TLS (STRICT) on reviews-v1, so the connections fail`;

  test('DISABLE towards workloads under a mesh-wide STRICT policy fails', () => {
    const messages = run(CASES['DISABLE towards STRICT']);
    expect(full(messages)).toEqual([strictV1('DISABLE', 'sends plaintext')]);
    expect(messages[0].level).toBe('Error');
  });

  test('the root namespace is configurable', () => {
    expect(full(run(CASES['STRICT in another root namespace']))).toEqual([]);
    expect(full(run(CASES['STRICT in the configured root namespace']))).toEqual([strictV1('DISABLE', 'sends plaintext', 'mesh-root/default')]);
  });

  test('a namespace-wide PERMISSIVE policy overrides the mesh-wide STRICT one', () => {
    expect(full(run(CASES['namespace PERMISSIVE over mesh STRICT']))).toEqual([]);
  });

  test('a workload policy and its port-level setting are the most specific', () => {
    expect(full(run(CASES['port-level PERMISSIVE']))).toEqual([]);
    expect(full(run(CASES['workload STRICT, SIMPLE']))).toEqual([
      strictV1('SIMPLE', 'originates its own TLS instead of Istio mutual TLS', 'default/reviews'),
      'IST0128 DestinationRule reviews: DestinationRule default/reviews in namespace default has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: reviews',
    ]);
  });

  test('ISTIO_MUTUAL towards workloads with mutual TLS disabled fails', () => {
    expect(full(run(CASES['ISTIO_MUTUAL towards DISABLE']))).toEqual([
      "MESH004 DestinationRule reviews: trafficPolicy sets TLS mode ISTIO_MUTUAL for host 'reviews' port 9080: the client sends Istio mutual TLS, "
      + 'but PeerAuthentication default/off disables mutual TLS (DISABLE) on reviews-v1, so the connections fail',
    ]);
  });

  test('a subset TLS mode is checked against the subset pods', () => {
    expect(full(run(CASES['subset DISABLE towards STRICT v2']))).toEqual([
      "MESH004 DestinationRule reviews: subset 'v2' sets TLS mode DISABLE for host 'reviews' port 9080: the client sends plaintext, "
      + 'but PeerAuthentication default/v2 requires Istio mutual TLS (STRICT) on reviews-v2, so the connections fail',
      "MESH002 DestinationRule reviews: subset 'v2' of host 'reviews' has a traffic policy, but no VirtualService route sends traffic to that subset, so the policy never applies; "
      + "route to the subset, or move the policy to the DestinationRule's trafficPolicy",
      twoVersions,
    ]);
  });

  test('matching modes, or no TLS setting (auto mTLS), are fine', () => {
    expect(full(run(CASES['ISTIO_MUTUAL towards STRICT']))).toEqual([]);
    expect(full(run(CASES['no TLS setting towards STRICT']))).toEqual([]);
    expect(full(run(CASES['DISABLE without PeerAuthentication']))).toEqual([]);
  });
});
