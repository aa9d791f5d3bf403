/**
 * The names Istio reads and writes on Kubernetes objects: labels and annotations (Istio's `label`
 * and `annotation` packages), the Kubernetes Gateway API names Istio's gateway controller uses,
 * and the well-known namespaces and domains Istio assumes. Renderers, the injection engine and
 * the analysis checks all spell them from here.
 */

/** Opts a pod in (`true`) or out (`false`) of sidecar injection: a label, or (as before) an annotation. */
const SIDECAR_INJECT = 'sidecar.istio.io/inject';
/** The control-plane revision: a namespace or pod label, and an annotation of injected pods. */
const REVISION = 'istio.io/rev';

/** Labels. */
export const LABEL = {
  inject: SIDECAR_INJECT,
  revision: REVISION,
  /** The namespace label of Istio's default revision (`enabled` / `disabled`). */
  injection: 'istio-injection',
  /** `ambient` or `none`: whether ztunnel captures the traffic of a namespace's or pod's workloads. */
  dataplaneMode: 'istio.io/dataplane-mode',
  canonicalName: 'service.istio.io/canonical-name',
  canonicalRevision: 'service.istio.io/canonical-revision',
  workloadName: 'service.istio.io/workload-name',
  tlsMode: 'security.istio.io/tlsMode',
  tunnel: 'networking.istio.io/tunnel',
  /** A Service(Entry) label that turns off automatic address allocation (`false`). */
  enableAutoallocateIp: 'networking.istio.io/enable-autoallocate-ip',
  /** The locality's third level, after Kubernetes' region and zone labels. */
  subzone: 'topology.istio.io/subzone',
  /** Which Istio controller made a gateway's Deployment and Service (`istio.io-gateway-controller` …). */
  gatewayManaged: 'gateway.istio.io/managed',
  /** The Gateway API Gateway a deployed gateway pod serves. */
  gatewayName: 'gateway.networking.k8s.io/gateway-name',
  /** The GatewayClass of that Gateway. */
  gatewayClassName: 'gateway.networking.k8s.io/gateway-class-name',
} as const;

/** Annotations. */
export const ANNOTATION = {
  inject: SIDECAR_INJECT,
  revision: REVISION,
  /** Codes (comma-separated, or `*`) that `istioctl analyze` does not report for the object. */
  analyzeSuppress: 'galley.istio.io/analyze-suppress',
  /** `true` on an ALLOW or DENY AuthorizationPolicy: its decisions are logged, not enforced. */
  dryRun: 'istio.io/dry-run',
  status: 'sidecar.istio.io/status',
  templates: 'inject.istio.io/templates',
  proxyConfig: 'proxy.istio.io/config',
  overrides: 'proxy.istio.io/overrides',
  interceptionMode: 'sidecar.istio.io/interceptionMode',
  nativeSidecar: 'sidecar.istio.io/nativeSidecar',
  proxyCPU: 'sidecar.istio.io/proxyCPU',
  proxyMemory: 'sidecar.istio.io/proxyMemory',
  proxyCPULimit: 'sidecar.istio.io/proxyCPULimit',
  proxyMemoryLimit: 'sidecar.istio.io/proxyMemoryLimit',
  proxyImage: 'sidecar.istio.io/proxyImage',
  proxyImageType: 'sidecar.istio.io/proxyImageType',
  logLevel: 'sidecar.istio.io/logLevel',
  componentLogLevel: 'sidecar.istio.io/componentLogLevel',
  agentLogLevel: 'sidecar.istio.io/agentLogLevel',
  statusPort: 'status.sidecar.istio.io/port',
  readinessInitialDelay: 'readiness.status.sidecar.istio.io/initialDelaySeconds',
  readinessPeriod: 'readiness.status.sidecar.istio.io/periodSeconds',
  readinessFailureThreshold: 'readiness.status.sidecar.istio.io/failureThreshold',
  includeInboundPorts: 'traffic.sidecar.istio.io/includeInboundPorts',
  excludeInboundPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
  includeOutboundPorts: 'traffic.sidecar.istio.io/includeOutboundPorts',
  excludeOutboundPorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
  includeOutboundIPRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  excludeOutboundIPRanges: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  kubevirtInterfaces: 'traffic.sidecar.istio.io/kubevirtInterfaces',
  rerouteVirtualInterfaces: 'istio.io/reroute-virtual-interfaces',
  excludeInterfaces: 'traffic.sidecar.istio.io/excludeInterfaces',
  rewriteAppHTTPProbers: 'sidecar.istio.io/rewriteAppHTTPProbers',
  mergeMetrics: 'prometheus.istio.io/merge-metrics',
  capNetBindService: 'sidecar.istio.io/capNetBindService',
  bootstrapOverride: 'sidecar.istio.io/bootstrapOverride',
  userVolume: 'sidecar.istio.io/userVolume',
  userVolumeMount: 'sidecar.istio.io/userVolumeMount',
  /** istio-cni's mark of a pod whose traffic ztunnel captures (`enabled`). */
  ambientRedirection: 'ambient.istio.io/redirection',
  /** Which namespaces see a Service (`.`, `*`, names; comma-separated). */
  exportTo: 'networking.istio.io/exportTo',
  /** The ServiceAccount of the pods Istio deploys for a Gateway API Gateway (default `<gateway>-istio`). */
  gatewayServiceAccount: 'gateway.istio.io/service-account',
} as const;

/** The Kubernetes Gateway API's group (`group` of parent references, route kinds and ReferenceGrant sources). */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** The GatewayClass of Istio's Gateway API implementation. */
export const GATEWAY_CLASS = 'istio';

/** The values of `LABEL.gatewayManaged`: Istio's controllers of Gateway API Gateways, waypoints and east-west gateways. */
export const GATEWAY_CONTROLLER = {
  gateway: 'istio.io-gateway-controller',
  mesh: 'istio.io-mesh-controller',
  eastWest: 'istio.io-eastwest-controller',
} as const;

/** The node labels Istio reads a locality from: region, zone (Kubernetes' own labels) and subzone. */
export const LOCALITY_LABELS: readonly string[] = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', LABEL.subzone];

/** Istio's namespace when none is given: istiod's, and the mesh's root namespace. */
export const ISTIO_SYSTEM = 'istio-system';

/** The cluster's DNS domain when none is given (Kubernetes' default). */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** The mesh's SPIFFE trust domain when none is given (Istio's default). */
export const DEFAULT_TRUST_DOMAIN = 'cluster.local';

/** Namespaces Istio never injects into and istioctl leaves out entirely (Istio's `inject.IgnoredNamespaces`). */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);
