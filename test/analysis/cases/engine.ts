/**
 * Inputs of engine.test.ts: how manifests are read (namespaces, lists, duplicates, suppression,
 * Kubernetes' own namespaces, malformed objects).
 */
import { app, Case, docs, kase, namespace, yaml } from '../helpers';

export const BROKEN_VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: nowhere}`;

const JUNK: any[] = [
  null, 42, 'x', [], {}, { kind: 'VirtualService' },
  { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: 'x', spec: { hosts: 'x', gateways: [null], http: [null, { route: 'x' }, { match: [null, { uri: null }], route: [{ destination: null }], mirror: {} }], tcp: [{ match: 'x' }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels: 'x' }, spec: { ports: [null, {}], selector: 'x', type: 'ExternalName' } },
  { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'g' }, spec: { selector: { istio: 5 }, servers: [null, { port: null, hosts: null, tls: { credentialName: 5 } }] } },
  { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'd' }, spec: { host: 5, subsets: [null, { name: 'a', trafficPolicy: { tls: null } }], trafficPolicy: { tls: { mode: 'SIMPLE' }, portLevelSettings: [null, { tls: { mode: 'MUTUAL' } }] } } },
  { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'e' }, spec: { hosts: [null], ports: [null], exportTo: 'x' } },
  { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'sc' }, spec: { workloadSelector: { labels: null } } },
  { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'a' }, spec: { selector: null, rules: [null, { from: [null, { source: { namespaces: [null] } }] }] } },
  { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'p' }, spec: null },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: { metadata: null, spec: { containers: 'x' } } } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: null } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: null, status: {} },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', labels: null } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: 'x' },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'h' }, spec: { parentRefs: [null, { kind: 'Service' }] } },
];

export const CASES = {
  /** One VirtualService with and one without a namespace. */
  'namespaced and not': kase(yaml(BROKEN_VS, BROKEN_VS.replace('name: reviews', 'name: reviews\n  namespace: shop'))),
  /** A VirtualService without namespace routing to a Service written in default. */
  'no namespace is default': kase(yaml(app('reviews', { namespace: 'default' }), BROKEN_VS.replace('nowhere', 'reviews'))),
  'broken': kase(BROKEN_VS),
  /** Two routes to the same missing host and a weight problem. */
  'identical findings': kase(BROKEN_VS.replace('    - destination: {host: nowhere}', '    - destination: {host: nowhere}\n      weight: 50\n    - destination: {host: nowhere}\n      weight: 20')),
  'ignored': kase(BROKEN_VS, { ignore: ['IST0101'] }),
  'list': kase([{ apiVersion: 'v1', kind: 'List', items: docs(BROKEN_VS) }]),
  'nothing': kase(''),
  'kubernetes gateway': kase(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]`),
  'junk': kase(JUNK),
  /** The analysis of another resource: the annotation suppresses the code on the resource that has it. */
  'suppressed': kase(yaml(BROKEN_VS.replace('name: reviews', 'name: reviews\n  annotations: {galley.istio.io/analyze-suppress: "IST0102,IST0101"}'),
    BROKEN_VS.replace('name: reviews', 'name: other\n  annotations: {galley.istio.io/analyze-suppress: IST0102}'),
    BROKEN_VS.replace('name: reviews', 'name: all\n  annotations: {galley.istio.io/analyze-suppress: "*"}'))),
  /** Objects in Kubernetes' own namespaces are not read: neither reported on nor found. */
  'kubernetes namespaces': kase(yaml(namespace('kube-system'), BROKEN_VS.replace('name: reviews', 'name: reviews\n  namespace: kube-system'),
    app('reviews', { namespace: 'kube-public' }), BROKEN_VS.replace('nowhere', 'reviews.kube-public.svc.cluster.local').replace('name: reviews', 'name: to-kube'))),
  /** Two definitions of one Service (the later is analyzed). */
  'duplicate': kase(yaml(app('web').split('---')[0].replace('name: http', 'name: web'), app('web').split('---')[0])),
  'duplicate reversed': kase(yaml(app('web').split('---')[0], app('web').split('---')[0].replace('name: http', 'name: web'))),
} satisfies Record<string, Case>;
