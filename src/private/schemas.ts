/**
 * Type schemas of the option interfaces several constructs read (see `props.ts`). Each
 * construct's own props schema lives with the construct.
 */
import { AuthorizationMode } from '../authorization-mode';
import { Caller } from '../caller';
import { ClientTls } from '../client-tls';
import { H2UpgradePolicy } from '../connection-pool';
import { DataPlane, ProxyLogLevel } from '../data-plane';
import { DefaultRouting } from '../default-routing';
import { EnvValue } from '../env-value';
import { LoadBalancer } from '../load-balancer';
import { MtlsMode } from '../mtls';
import { OutboundTrafficMode } from '../outbound-traffic';
import { PodSecurityLevel } from '../pod-security';
import { Probe } from '../probe';
import { Protocol } from '../protocol';
import { TaintEffect, TolerationOperator } from '../scheduling';
import { ImagePullPolicy } from '../service-version-options';
import { arrayOf, bool, containerResources, duration, instance, mapOf, num, oneOf, optional, shape, str } from './props';

/** A `DataPlane` (from its static factories). */
export const DATA_PLANE = instance('DataPlane (e.g. DataPlane.synthTime())', v => v instanceof DataPlane);

/** `ProxyOptions`. */
export const PROXY_OPTIONS = shape({
  resources: optional(containerResources),
  concurrency: optional(num),
  logLevel: optional(oneOf(ProxyLogLevel)),
  holdApplicationUntilProxyStarts: optional(bool),
  excludeInboundPorts: optional(arrayOf(num)),
  excludeOutboundPorts: optional(arrayOf(num)),
  excludeOutboundIpRanges: optional(arrayOf(str)),
});

/** `ConnectionPool`. */
export const CONNECTION_POOL = shape({
  tcp: optional(shape({
    maxConnections: optional(num),
    connectTimeout: optional(duration),
    tcpKeepalive: optional(shape({ time: optional(duration), interval: optional(duration), probes: optional(num) })),
    maxConnectionDuration: optional(duration),
    idleTimeout: optional(duration),
  })),
  http: optional(shape({
    http1MaxPendingRequests: optional(num),
    http2MaxRequests: optional(num),
    maxRequestsPerConnection: optional(num),
    maxRetries: optional(num),
    idleTimeout: optional(duration),
    h2UpgradePolicy: optional(oneOf(H2UpgradePolicy)),
    useClientProtocol: optional(bool),
    maxConcurrentStreams: optional(num),
  })),
});

/** `OutlierDetection`. */
export const OUTLIER_DETECTION = shape({
  consecutive5xxErrors: optional(num),
  consecutiveGatewayErrors: optional(num),
  consecutiveLocalOriginFailures: optional(num),
  splitExternalLocalOriginErrors: optional(bool),
  interval: optional(duration),
  baseEjectionTime: optional(duration),
  maxEjectionPercent: optional(num),
  minHealthPercent: optional(num),
});

/** `TrafficPolicy`. */
export const TRAFFIC_POLICY = shape({
  loadBalancer: optional(instance('LoadBalancer (e.g. LoadBalancer.roundRobin())', v => v instanceof LoadBalancer)),
  tls: optional(instance('ClientTls (e.g. ClientTls.istioMutual())', v => v instanceof ClientTls)),
  connectionPool: optional(CONNECTION_POOL),
  outlierDetection: optional(OUTLIER_DETECTION),
});

/** A `Probe` (from its static factories). */
const PROBE = instance('Probe (e.g. Probe.httpGet())', v => v instanceof Probe);

/** An `EnvValue` (from its static factories). */
const ENV_VALUE = instance('EnvValue (e.g. EnvValue.fromField(EnvFieldPath.POD_IP))', v => v instanceof EnvValue);

/** The fields of `ServiceVersionOptions`. */
export const VERSION_OPTIONS_FIELDS = {
  image: optional(str),
  deploy: optional(bool),
  deploymentName: optional(str),
  replicas: optional(num),
  containerName: optional(str),
  command: optional(arrayOf(str)),
  args: optional(arrayOf(str)),
  env: optional(mapOf(str)),
  envValues: optional(mapOf(ENV_VALUE)),
  readinessProbe: optional(PROBE),
  livenessProbe: optional(PROBE),
  startupProbe: optional(PROBE),
  podAnnotations: optional(mapOf(str)),
  podLabels: optional(mapOf(str)),
  resources: optional(containerResources),
  hardened: optional(bool),
  podSecurityContext: optional(shape({
    ensureNonRoot: optional(bool),
    user: optional(num),
    group: optional(num),
    fsGroup: optional(num),
  })),
  securityContext: optional(shape({
    user: optional(num),
    group: optional(num),
    ensureNonRoot: optional(bool),
    privileged: optional(bool),
    readOnlyRootFilesystem: optional(bool),
    allowPrivilegeEscalation: optional(bool),
    capabilities: optional(shape({ add: optional(arrayOf(str)), drop: optional(arrayOf(str)) })),
  })),
  imagePullPolicy: optional(oneOf(ImagePullPolicy)),
  nodeSelector: optional(mapOf(str)),
  tolerations: optional(arrayOf(shape({
    key: optional(str),
    operator: optional(oneOf(TolerationOperator)),
    value: optional(str),
    effect: optional(oneOf(TaintEffect)),
    tolerationSeconds: optional(num),
  }))),
  trafficPolicy: optional(TRAFFIC_POLICY),
};

/** `ServiceVersionOptions`. */
export const VERSION_OPTIONS = shape(VERSION_OPTIONS_FIELDS);

/** `ServiceVersionProps`. */
export const VERSION_PROPS = shape({ name: str, ...VERSION_OPTIONS_FIELDS });

/** `MeshServicePort`. */
export const MESH_SERVICE_PORT = shape({
  port: num,
  protocol: optional(oneOf(Protocol)),
  name: optional(str),
  targetPort: optional(num),
  trafficPolicy: optional(TRAFFIC_POLICY),
  mtls: optional(oneOf(MtlsMode)),
});

/** `JwtRule`. */
export const JWT_RULE = shape({
  issuer: str,
  audiences: optional(arrayOf(str)),
  jwksUri: optional(str),
  jwks: optional(str),
  fromHeaders: optional(arrayOf(shape({ name: str, prefix: optional(str) }))),
  fromParams: optional(arrayOf(str)),
  fromCookies: optional(arrayOf(str)),
  outputPayloadToHeader: optional(str),
  outputClaimToHeaders: optional(arrayOf(shape({ header: str, claim: str }))),
  forwardOriginalToken: optional(bool),
  timeout: optional(duration),
});

/** `RequestAuthenticationOptions`. */
export const REQUEST_AUTHENTICATION = shape({ jwtRules: arrayOf(JWT_RULE), requireToken: optional(bool) });

/** The security settings a mesh, a namespace and a service share. */
export const SECURITY_SCOPE_FIELDS = {
  authorization: optional(oneOf(AuthorizationMode)),
  sidecarScoping: optional(bool),
};

/** `CallOptions`. */
export const CALL_OPTIONS = shape({ ports: optional(arrayOf(num)), methods: optional(arrayOf(str)), paths: optional(arrayOf(str)) });

/** A `Caller` (from its static factories). */
export const CALLER = instance('Caller (e.g. Caller.service(productpage))', v => v instanceof Caller);

/** `NamespaceOptions`. */
export const NAMESPACE_OPTIONS = shape({
  dataPlane: optional(DATA_PLANE),
  mtls: optional(oneOf(MtlsMode)),
  ...SECURITY_SCOPE_FIELDS,
  outboundTraffic: optional(oneOf(OutboundTrafficMode)),
  podSecurity: optional(oneOf(PodSecurityLevel)),
});

/** The fields of `MeshServiceOptions`. */
export const MESH_SERVICE_OPTIONS_FIELDS = {
  namespace: optional(str),
  ports: optional(arrayOf(MESH_SERVICE_PORT)),
  versions: optional(arrayOf(VERSION_PROPS)),
  defaultVersion: optional(str),
  defaultRouting: optional(instance('DefaultRouting (e.g. DefaultRouting.allVersions())', v => v instanceof DefaultRouting)),
  virtualServiceName: optional(str),
  destinationRuleName: optional(str),
  httpRouteName: optional(str),
  serviceAccountName: optional(str),
  trafficPolicy: optional(TRAFFIC_POLICY),
  dataPlane: optional(DATA_PLANE),
  proxy: optional(PROXY_OPTIONS),
  exportTo: optional(arrayOf(str)),
  mtls: optional(oneOf(MtlsMode)),
  ...SECURITY_SCOPE_FIELDS,
  requestAuthentication: optional(REQUEST_AUTHENTICATION),
};

/** `MeshServiceOptions`. */
export const MESH_SERVICE_OPTIONS = shape(MESH_SERVICE_OPTIONS_FIELDS);
