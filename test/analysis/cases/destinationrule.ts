/**
 * Inputs of destinationrule.test.ts.
 */
import { app, Case, kase, yaml } from '../helpers';

/** A top-level traffic policy (a load balancer) in a DestinationRule's spec. */
const LB = (simple: string) => `  trafficPolicy:\n    loadBalancer: {simple: ${simple}}`;

export function dr(name: string, body: string, namespace?: string): string {
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
${body}`;
}

export const SUBSETS = `  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}`;

const pa = (name: string, namespace: string, spec: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}`;
const tls = (mode: string) => dr('reviews', `  host: reviews\n  trafficPolicy:\n    tls: {mode: ${mode}}`);
const STRICT = pa('default', 'istio-system', '  mtls: {mode: STRICT}');

/** A Pod as a cluster runs it (the shape of istioctl's own test inputs). */
function pod(name: string, labels: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {${labels}}
spec:${extra}
  containers: [{name: app, image: example.com/app}]`;
}

function node(name: string, labels: string): string {
  return `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${name}\n  labels: {${labels}}`;
}

const HTTPBIN_SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: httpbin}\nspec:\n  selector: {app: httpbin}\n  ports: [{name: http, port: 8000}]';

const TOPOLOGY_SUBSETS = `  host: httpbin
  subsets:
  - name: region
    labels: {topology.kubernetes.io/region: eu-west-1}
  - name: zone
    labels: {topology.kubernetes.io/zone: eu-west-1b}
  - name: subzone
    labels: {topology.istio.io/subzone: rack-7}
  - name: host
    labels: {kubernetes.io/hostname: node-a}
  - name: v1-in-region
    labels: {version: v1, topology.kubernetes.io/region: eu-west-1}
  - name: v1-elsewhere
    labels: {version: v1, topology.kubernetes.io/region: us-east-1}
  - name: network
    labels: {topology.istio.io/network: net-1}`;

const SUBSET_POLICY = `${SUBSETS}
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

export const CASES = {
  // hosts (IST0174)
  'unknown host': kase(yaml(app('reviews'), dr('x', '  host: ratings'))),
  'known hosts': kase(yaml(app('reviews'),
    'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: ext}\nspec:\n  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]',
    dr('a', '  host: reviews'), dr('b', '  host: reviews.default.svc.cluster.local'), dr('c', '  host: api.example.com'))),

  // subsets select pods (IST0173, MESH008)
  'subset selecting no pod': kase(yaml(app('reviews', { versions: ['v1'] }), dr('reviews', SUBSETS))),
  'subset selecting pods of another service only': kase(yaml(app('reviews', { versions: ['v1'] }), app('ratings', { versions: ['v2'] }), dr('reviews', SUBSETS))),
  'subsets of a Deployment and a StatefulSet': kase(yaml(app('reviews', { versions: ['v1'] }),
    app('reviews', { versions: ['v2'] }).split('---\n')[1].replace('kind: Deployment', 'kind: StatefulSet'), dr('reviews', SUBSETS))),
  'subsets selecting Pods': kase(yaml(app('reviews').split('---\n')[0], pod('reviews-v1-abc', 'app: reviews, version: v1'), dr('reviews', SUBSETS))),
  'IST0173 suppressed on the rule': kase(yaml(app('reviews', { versions: ['v1'] }),
    dr('reviews', SUBSETS).replace('  name: reviews\n', '  name: reviews\n  annotations: {galley.istio.io/analyze-suppress: IST0173}\n'))),
  'subsets of a ServiceEntry with a workload selector': kase(yaml(
    'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: vm}\nspec:\n  hosts: [vm.example.com]\n  ports: [{number: 80, name: http, protocol: HTTP}]\n'
      + '  workloadSelector: {labels: {app: vm}}\n  resolution: STATIC',
    pod('vm-1', 'app: vm, version: v1'), pod('other', 'version: v2'),
    dr('vm', '  host: vm.example.com\n  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}'))),
  'topology labels of the pod\'s node': kase(yaml(HTTPBIN_SERVICE, pod('httpbin-1', 'app: httpbin, version: v1', '\n  nodeName: node-a'),
    node('node-a', 'topology.kubernetes.io/region: eu-west-1, topology.kubernetes.io/zone: eu-west-1b, topology.istio.io/subzone: rack-7'),
    dr('httpbin', TOPOLOGY_SUBSETS))),
  'a subzone without zone, and empty topology labels': kase(yaml(HTTPBIN_SERVICE, pod('httpbin-1', 'app: httpbin, version: v1', '\n  nodeName: node-b'),
    node('node-b', 'topology.kubernetes.io/region: "", topology.istio.io/subzone: rack-7'),
    dr('httpbin', '  host: httpbin\n  subsets:\n  - name: subzone\n    labels: {topology.istio.io/subzone: rack-7}\n'
      + '  - name: empty-region\n    labels: {topology.kubernetes.io/region: ""}\n  - name: host\n    labels: {kubernetes.io/hostname: node-b}'))),
  'a pod on a node the input does not have': kase(yaml(HTTPBIN_SERVICE, pod('httpbin-1', 'app: httpbin, version: v1', '\n  nodeName: node-x'),
    dr('httpbin', '  host: httpbin\n  subsets:\n  - name: host\n    labels: {kubernetes.io/hostname: node-x}\n  - name: region\n    labels: {topology.kubernetes.io/region: eu-west-1}'))),

  // CA certificates (IST0128, IST0129)
  'TLS without CA certificates': kase(yaml(app('reviews'), dr('tls', `  host: reviews
  trafficPolicy:
    tls: {mode: SIMPLE}
    portLevelSettings:
    - port: {number: 9080}
      tls: {mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem}`))),
  'TLS with CA certificates': kase(yaml(app('reviews'), dr('tls', `  host: reviews
  workloadSelector: {matchLabels: {app: client}}
  trafficPolicy:
    tls: {mode: SIMPLE, credentialName: ca}
    portLevelSettings:
    - port: {number: 9080}
      tls: {mode: SIMPLE, caCertificates: /ca.pem}
    - port: {number: 9081}
      tls: {mode: ISTIO_MUTUAL}`))),

  // subset policies no route selects (MESH002)
  'subset policy without route': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), dr('reviews', SUBSET_POLICY), routeTo('v1'))),
  'subset policy with route': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), dr('reviews', SUBSET_POLICY), routeTo('v2'))),
  'no subset policy': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), dr('reviews', SUBSETS))),

  // several DestinationRules for one host (MESH006)
  'two rules for one host': kase(yaml(app('reviews'), dr('a', `  host: reviews\n${LB('ROUND_ROBIN')}`), dr('b', `  host: reviews.default.svc.cluster.local\n${LB('RANDOM')}`))),
  'a policy and a rule of other subsets': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }),
    dr('a', `  host: reviews\n${LB('RANDOM')}\n  subsets:\n  - name: v1\n    labels: {version: v1}`),
    dr('b', '  host: reviews\n  subsets:\n  - name: v2\n    labels: {version: v2}'))),
  'two rules with one subset name': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }),
    dr('a', `  host: reviews\n${LB('RANDOM')}\n  subsets:\n  - name: v1\n    labels: {version: v1}`),
    dr('b', '  host: reviews\n  subsets:\n  - name: v1\n    labels: {version: v2}'))),
  'two rules with different exportTo': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }),
    dr('a', `  host: reviews\n${LB('RANDOM')}\n  subsets:\n  - name: v1\n    labels: {version: v1}`),
    dr('b', '  host: reviews\n  exportTo: [.]\n  subsets:\n  - name: v2\n    labels: {version: v2}'))),
  'rules in two namespaces': kase(yaml(app('reviews'), dr('a', '  host: reviews'), dr('b', '  host: reviews.default.svc.cluster.local', 'client'))),
  'rules for different workloads': kase(yaml(app('reviews'), dr('a', '  host: reviews'), dr('b', '  host: reviews\n  workloadSelector: {matchLabels: {app: client}}'))),

  // TLS modes against PeerAuthentication (MESH004)
  'DISABLE towards STRICT': kase(yaml(app('reviews'), STRICT, tls('DISABLE'))),
  'STRICT in another root namespace': kase(yaml(app('reviews'), pa('default', 'mesh-root', '  mtls: {mode: STRICT}'), tls('DISABLE'))),
  'STRICT in the configured root namespace': kase(yaml(app('reviews'), pa('default', 'mesh-root', '  mtls: {mode: STRICT}'), tls('DISABLE')), { rootNamespace: 'mesh-root' }),
  'namespace PERMISSIVE over mesh STRICT': kase(yaml(app('reviews'), STRICT, pa('default', 'default', '  mtls: {mode: PERMISSIVE}'), tls('DISABLE'))),
  'port-level PERMISSIVE': kase(yaml(app('reviews'),
    pa('reviews', 'default', '  selector: {matchLabels: {app: reviews}}\n  mtls: {mode: STRICT}\n  portLevelMtls:\n    "9080": {mode: PERMISSIVE}'), tls('DISABLE'))),
  'workload STRICT, SIMPLE': kase(yaml(app('reviews'), pa('reviews', 'default', '  selector: {matchLabels: {app: reviews}}\n  mtls: {mode: STRICT}'), tls('SIMPLE'))),
  'ISTIO_MUTUAL towards DISABLE': kase(yaml(app('reviews'), pa('off', 'default', '  mtls: {mode: DISABLE}'), tls('ISTIO_MUTUAL'))),
  'subset DISABLE towards STRICT v2': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }),
    pa('v2', 'default', '  selector: {matchLabels: {version: v2}}\n  mtls: {mode: STRICT}'),
    dr('reviews', '  host: reviews\n  subsets:\n  - name: v2\n    labels: {version: v2}\n    trafficPolicy:\n      tls: {mode: DISABLE}'))),
  'ISTIO_MUTUAL towards STRICT': kase(yaml(app('reviews'), STRICT, tls('ISTIO_MUTUAL'))),
  'no TLS setting towards STRICT': kase(yaml(app('reviews'), STRICT, dr('reviews', '  host: reviews'))),
  'DISABLE without PeerAuthentication': kase(yaml(app('reviews'), tls('DISABLE'))),
} satisfies Record<string, Case>;
