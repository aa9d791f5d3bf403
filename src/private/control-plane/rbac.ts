/**
 * The RBAC rules of Istio's istiod chart, rule for rule: istiod gets exactly what Istio grants it,
 * no more.
 */
import { PolicyRule } from 'cdk8s-plus-27/lib/imports/k8s';

const ISTIO_CONFIG_GROUPS = [
  'config.istio.io', 'security.istio.io', 'networking.istio.io', 'authentication.istio.io',
  'rbac.istio.io', 'telemetry.istio.io', 'extensions.istio.io',
];
const READ = ['get', 'list', 'watch'];
const READ_GWL = ['get', 'watch', 'list'];
const ALL_WRITE = ['get', 'watch', 'list', 'update', 'patch', 'create', 'delete'];

function rule(apiGroups: string[], resources: string[], verbs: string[]): PolicyRule {
  return { apiGroups, resources, verbs };
}

/** `istio-reader-clusterrole-<ns>`: read access for remote clusters and tooling. */
export const READER_CLUSTER_RULES: PolicyRule[] = [
  rule(ISTIO_CONFIG_GROUPS, ['*'], READ),
  rule([''], ['endpoints', 'pods', 'services', 'nodes', 'replicationcontrollers', 'namespaces', 'secrets', 'configmaps'], READ),
  rule(['networking.istio.io'], ['workloadentries'], READ_GWL),
  rule(['networking.x-k8s.io', 'gateway.networking.k8s.io'], ['gateways'], READ_GWL),
  rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], READ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(['multicluster.x-k8s.io'], ['serviceexports'], ['get', 'list', 'watch', 'create', 'delete']),
  rule(['multicluster.x-k8s.io'], ['serviceimports'], READ),
  rule(['apps'], ['replicasets'], READ),
  rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
  rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
];

/** `istiod-clusterrole-<ns>`: what istiod needs cluster-wide. */
export const ISTIOD_CLUSTER_RULES: PolicyRule[] = [
  rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], ['get', 'list', 'watch', 'update', 'patch']),
  rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['get', 'list', 'watch', 'update']),
  rule(ISTIO_CONFIG_GROUPS, ['*'], READ_GWL),
  rule(['networking.istio.io'], ['workloadentries'], ALL_WRITE),
  rule(['networking.istio.io'], ['workloadentries/status', 'serviceentries/status'], ALL_WRITE),
  rule(['security.istio.io'], ['authorizationpolicies/status'], ALL_WRITE),
  rule([''], ['services/status'], ALL_WRITE),
  rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], READ),
  rule([''], ['pods', 'nodes', 'services', 'namespaces', 'endpoints'], READ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(['networking.k8s.io'], ['ingresses', 'ingressclasses'], READ),
  rule(['networking.k8s.io'], ['ingresses/status'], ['*']),
  rule([''], ['configmaps'], ['create', 'get', 'list', 'watch', 'update']),
  rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
  rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
  rule(['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io'], ['*'], READ_GWL),
  rule(['gateway.networking.x-k8s.io'], ['xbackendtrafficpolicies/status'], ['update', 'patch']),
  rule(['gateway.networking.k8s.io'], [
    'backendtlspolicies/status', 'gatewayclasses/status', 'gateways/status', 'grpcroutes/status', 'httproutes/status',
    'referencegrants/status', 'tcproutes/status', 'tlsroutes/status', 'udproutes/status', 'listenersets/status',
  ], ['update', 'patch']),
  rule(['gateway.networking.k8s.io'], ['gatewayclasses'], ['create', 'update', 'patch', 'delete']),
  rule(['inference.networking.k8s.io'], ['inferencepools'], READ_GWL),
  rule(['inference.networking.k8s.io'], ['inferencepools/status'], ['update', 'patch']),
  rule([''], ['secrets'], READ_GWL),
  rule(['multicluster.x-k8s.io'], ['serviceexports'], ['get', 'watch', 'list', 'create', 'delete']),
  rule(['multicluster.x-k8s.io'], ['serviceimports'], READ_GWL),
];

/** `istiod-gateway-controller-<ns>`: the objects istiod deploys for Gateway API gateways. */
export const GATEWAY_CONTROLLER_RULES: PolicyRule[] = [
  rule(['apps'], ['deployments'], ALL_WRITE),
  rule(['autoscaling'], ['horizontalpodautoscalers'], ALL_WRITE),
  rule(['policy'], ['poddisruptionbudgets'], ALL_WRITE),
  rule([''], ['services'], ALL_WRITE),
  rule([''], ['serviceaccounts'], ALL_WRITE),
];

/** Role `istiod` in istiod's namespace. */
export const ISTIOD_NAMESPACE_RULES: PolicyRule[] = [
  rule(['networking.istio.io'], ['gateways'], ['create']),
  rule([''], ['secrets'], ['create', 'get', 'watch', 'list', 'update', 'delete']),
  rule([''], ['configmaps'], ['delete']),
  rule(['coordination.k8s.io'], ['leases'], ['get', 'update', 'patch', 'create']),
];
