/**
 * Istio's `sidecar` and `gateway` injection templates, rendered as partial pods that are then
 * strategically merged into the workload's pod (see merge.ts). Fields are emitted the way the
 * Go round trip leaves them: zero-valued probe fields and empty env values are omitted.
 */
import { A, PodOptions, ResourceSpec } from './pod-options';
import { proxyConfigJson } from './proxy-config';
import { ResolvedSettings } from './settings';

type Json = any;

/** Who the pod belongs to (the workload, or the pod itself) and its API type. */
export interface WorkloadMeta {
  readonly name: string;
  readonly namespace: string;
  readonly apiVersion: string;
  readonly kind: string;
}

/** What a template sees: the pod as given, the workload, the settings and the resolved options. */
export interface TemplateInput {
  readonly metadata: Json;
  readonly spec: Json;
  readonly workload: WorkloadMeta;
  readonly settings: ResolvedSettings;
  readonly options: PodOptions;
}

const HEALTH_PORT = 15021;

/** Names of the pod's containers other than the proxy. */
export function appContainerNames(spec: Json): string[] {
  return (spec.containers ?? []).map((c: Json) => c.name).filter((n: string) => n !== 'istio-proxy');
}

function env(name: string, value: string): Json {
  return value === '' ? { name } : { name, value };
}

function fieldEnv(name: string, fieldPath: string): Json {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

function resourceEnv(name: string, resource: string): Json {
  return { name, valueFrom: { resourceFieldRef: { resource, divisor: '1' } } };
}

/** `ISTIO_META_POD_PORTS`: every declared container port, as Go's JSON of ContainerPort. */
export function podPortsJson(spec: Json): string {
  const ports: string[] = [];
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      const o: Json = {};
      if (p.name) o.name = p.name;
      if (p.hostPort) o.hostPort = p.hostPort;
      o.containerPort = p.containerPort ?? 0;
      if (p.protocol) o.protocol = p.protocol;
      if (p.hostIP) o.hostIP = p.hostIP;
      ports.push(JSON.stringify(o));
    }
  }
  return ['[', ...ports.map((p, i) => `    ${i === 0 ? '' : ','}${p}`), ']'].join('\n');
}

function caAddress(settings: ResolvedSettings): string {
  const istiod = settings.revision === 'default' ? 'istiod' : `istiod-${settings.revision}`;
  return `${istiod}.${settings.rootNamespace}.svc:15012`;
}

/** The pilot-agent environment both templates open with, in the templates' order. */
function agentEnv(settings: ResolvedSettings, o: PodOptions, spec: Json): Json[] {
  return [
    env('PILOT_CERT_PROVIDER', 'istiod'),
    env('CA_ADDR', caAddress(settings)),
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    fieldEnv('INSTANCE_IP', 'status.podIP'),
    fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
    fieldEnv('HOST_IP', 'status.hostIP'),
    resourceEnv('ISTIO_CPU_LIMIT', 'limits.cpu'),
    env('PROXY_CONFIG', `${proxyConfigJson(o.proxyConfig)}\n`),
    env('ISTIO_META_POD_PORTS', podPortsJson(spec)),
  ];
}

function meshEnv(input: TemplateInput): Json[] {
  const { settings } = input;
  const out: Json[] = [];
  const meshId = settings.meshId || settings.trustDomain;
  if (meshId) out.push(env('ISTIO_META_MESH_ID', meshId));
  if (settings.trustDomain) out.push(env('TRUST_DOMAIN', settings.trustDomain));
  return out;
}

function ownerEnv(w: WorkloadMeta): Json[] {
  if (!w.apiVersion || !w.name) return [];
  return [env('ISTIO_META_OWNER', `kubernetes://apis/${w.apiVersion}/namespaces/${w.namespace || 'default'}/${w.kind.toLowerCase()}s/${w.name}`)];
}

function proxyMetadataEnv(options: PodOptions): Json[] {
  return Object.entries(options.proxyConfig.proxyMetadata ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => env(k, v));
}

function withPullPolicy(container: Json, settings: ResolvedSettings): Json {
  return settings.imagePullPolicy ? { ...container, imagePullPolicy: settings.imagePullPolicy } : container;
}

function resources(r: ResourceSpec | undefined): Json {
  if (!r) return {};
  const out: Json = {};
  if (r.requests && Object.keys(r.requests).length) out.requests = { ...r.requests };
  if (r.limits && Object.keys(r.limits).length) out.limits = { ...r.limits };
  return out;
}

function readinessProbe(initialDelaySeconds: number, periodSeconds: number, failureThreshold: number): Json {
  const probe: Json = { httpGet: { path: '/healthz/ready', port: HEALTH_PORT } };
  if (initialDelaySeconds) probe.initialDelaySeconds = initialDelaySeconds;
  if (periodSeconds) probe.periodSeconds = periodSeconds;
  probe.timeoutSeconds = 3;
  if (failureThreshold) probe.failureThreshold = failureThreshold;
  return probe;
}

const PODINFO_VOLUME = {
  name: 'istio-podinfo',
  downwardAPI: {
    items: [
      { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
      { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
    ],
  },
};

function tokenVolume(): Json {
  return {
    name: 'istio-token',
    projected: { sources: [{ serviceAccountToken: { path: 'istio-token', expirationSeconds: 43200, audience: 'istio-ca' } }] },
  };
}

/** Canonical service name: label, app.kubernetes.io/name, app, then the workload name. */
function canonicalName(labels: Json, workload: WorkloadMeta, truncate: boolean): string {
  const name = labels['service.istio.io/canonical-name'] || labels['app.kubernetes.io/name'] || labels.app || workload.name || '';
  if (!truncate) return name;
  return String(name).slice(0, 63).replace(/^[-_.]+|[-_.]+$/g, '');
}

function canonicalRevision(labels: Json): string {
  return labels['service.istio.io/canonical-revision'] || labels['app.kubernetes.io/version'] || labels.version || 'latest';
}

/** The `sidecar` template: istio-init plus the istio-proxy sidecar (native or classic). */
export function sidecarTemplate(input: TemplateInput): Json {
  const { metadata, spec, workload, settings, options: o } = input;
  const labels = metadata.labels ?? {};
  const annotations = metadata.annotations ?? {};
  const apps = appContainerNames(spec);
  const tproxy = o.interceptionMode === 'TPROXY';
  const holdProxy = o.holdApplication && !o.nativeSidecar;

  const podLabels: Json = { 'security.istio.io/tlsMode': labels['security.istio.io/tlsMode'] || 'istio' };
  if (o.proxyConfig.proxyMetadata?.ISTIO_META_ENABLE_HBONE === 'true') {
    podLabels['networking.istio.io/tunnel'] = labels['networking.istio.io/tunnel'] || 'http';
  }
  podLabels['service.istio.io/canonical-name'] = canonicalName(labels, workload, true);
  podLabels['service.istio.io/canonical-revision'] = canonicalRevision(labels);

  const podAnnotations: Json = { 'istio.io/rev': settings.revision || 'default' };
  if (apps.length >= 1) {
    if (!(A.defaultLogsContainer in annotations)) podAnnotations[A.defaultLogsContainer] = apps[0];
    if (!(A.defaultContainer in annotations)) podAnnotations[A.defaultContainer] = apps[0];
  }

  const initContainers: Json[] = [];
  if (o.interceptionMode !== 'NONE') initContainers.push(initContainer(input));

  const proxy: Json = { name: 'istio-proxy', image: o.proxyImage };
  if (o.nativeSidecar) proxy.restartPolicy = 'Always';
  proxy.ports = [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }];
  proxy.args = [
    'proxy', 'sidecar', '--domain', `$(POD_NAMESPACE).svc.${settings.clusterDomain}`,
    `--proxyLogLevel=${o.logLevel}`, `--proxyComponentLogLevel=${o.componentLogLevel}`, `--log_output_level=${o.agentLogLevel}`,
  ];
  if (holdProxy) {
    proxy.lifecycle = { postStart: { exec: { command: ['pilot-agent', 'wait'] } } };
  } else if (o.nativeSidecar) {
    proxy.lifecycle = { preStop: { exec: { command: ['pilot-agent', 'request', `--debug-port=${o.statusPort}`, 'POST', 'drain'] } } };
  }
  proxy.env = [
    ...agentEnv(settings, o, spec),
    env('ISTIO_META_APP_CONTAINERS', apps.join(',')),
    resourceEnv('GOMEMLIMIT', 'limits.memory'),
    env('ISTIO_META_CLUSTER_ID', settings.clusterName || 'Kubernetes'),
    fieldEnv('ISTIO_META_NODE_NAME', 'spec.nodeName'),
    env('ISTIO_META_INTERCEPTION_MODE', o.metaInterceptionMode),
    ...(settings.network ? [env('ISTIO_META_NETWORK', settings.network)] : []),
    ...((labels['service.istio.io/workload-name'] || workload.name) ? [env('ISTIO_META_WORKLOAD_NAME', labels['service.istio.io/workload-name'] || workload.name)] : []),
    ...ownerEnv(workload),
    ...(o.bootstrapOverride ? [env('ISTIO_BOOTSTRAP_OVERRIDE', '/etc/istio/custom-bootstrap/custom_bootstrap.json')] : []),
    ...meshEnv(input),
    ...proxyMetadataEnv(o),
  ];
  if (o.statusPort !== '0') {
    if (settings.proxy.startupProbe) {
      proxy.startupProbe = {
        httpGet: { path: '/healthz/ready', port: HEALTH_PORT },
        periodSeconds: 1,
        timeoutSeconds: 3,
        ...(settings.proxy.startupProbeFailureThreshold ? { failureThreshold: settings.proxy.startupProbeFailureThreshold } : {}),
      };
    }
    proxy.readinessProbe = readinessProbe(o.readinessInitialDelaySeconds, o.readinessPeriodSeconds, o.readinessFailureThreshold);
  }
  proxy.securityContext = proxySecurityContext(o, tproxy);
  proxy.resources = resources(o.resources);
  proxy.volumeMounts = [
    { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
    { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
    { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
    { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
    { mountPath: '/var/run/secrets/istio/crl', name: 'istio-ca-crl' },
    { mountPath: '/var/lib/istio/data', name: 'istio-data' },
    ...(o.bootstrapOverride ? [{ mountPath: '/etc/istio/custom-bootstrap', name: 'custom-bootstrap-volume' }] : []),
    { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
    { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
    { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
    ...o.userVolumeMounts.map(([name, mount]) => ({ ...mount, name })),
  ];

  const podSpec: Json = {};
  if (o.nativeSidecar) {
    podSpec.initContainers = [...initContainers, withPullPolicy(proxy, settings)];
  } else {
    podSpec.initContainers = initContainers;
    podSpec.containers = [withPullPolicy(proxy, settings)];
  }
  podSpec.volumes = [
    { name: 'workload-socket' },
    { name: 'credential-socket' },
    { name: 'workload-certs' },
    ...(o.bootstrapOverride ? [{ name: 'custom-bootstrap-volume', configMap: { name: o.bootstrapOverride } }] : []),
    { emptyDir: { medium: 'Memory' }, name: 'istio-envoy' },
    { name: 'istio-data', emptyDir: {} },
    JSON.parse(JSON.stringify(PODINFO_VOLUME)),
    tokenVolume(),
    { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
    { name: 'istio-ca-crl', configMap: { name: 'istio-ca-crl', optional: true } },
    ...o.userVolumes.map(([name, volume]) => ({ ...volume, name })),
  ];
  return { metadata: { labels: podLabels, annotations: podAnnotations }, spec: podSpec };
}

function initContainer(input: TemplateInput): Json {
  const { settings, options: o } = input;
  const args = [
    'istio-iptables',
    '-p', '15001',
    '-z', '15006',
    '-u', '1337',
    '-m', o.interceptionMode,
    '-i', o.includeIPRanges,
    '-x', o.excludeIPRanges,
    '-b', o.includeInboundPorts,
    '-d', o.excludeInboundPorts ? `15090,15021,${o.excludeInboundPorts}` : '15090,15021',
  ];
  if (o.includeOutboundPorts !== undefined) args.push('-q', o.includeOutboundPorts);
  if (o.excludeOutboundPorts !== undefined) args.push('-o', o.excludeOutboundPorts);
  if (o.rerouteInterfaces !== undefined) args.push('-k', o.rerouteInterfaces);
  if (o.excludeInterfaces !== undefined) args.push('-c', o.excludeInterfaces);
  args.push(`--log_output_level=${o.agentLogLevel}`);
  const c: Json = { name: 'istio-init', image: o.proxyImage, args };
  if (settings.imagePullPolicy) c.imagePullPolicy = settings.imagePullPolicy;
  const metadata = proxyMetadataEnv(o);
  if (metadata.length) c.env = metadata;
  c.resources = resources(o.resources);
  c.securityContext = {
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
    readOnlyRootFilesystem: false,
    runAsGroup: 0,
    runAsNonRoot: false,
    runAsUser: 0,
  };
  return c;
}

function proxySecurityContext(o: PodOptions, tproxy: boolean): Json {
  if (o.proxyConfig.proxyMetadata?.IPTABLES_TRACE_LOGGING === 'true') {
    return {
      allowPrivilegeEscalation: true,
      capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
      privileged: true,
      readOnlyRootFilesystem: true,
      runAsGroup: 1337,
      runAsNonRoot: false,
      runAsUser: 0,
    };
  }
  const add = [...(tproxy ? ['NET_ADMIN'] : []), ...(o.capNetBindService ? ['NET_BIND_SERVICE'] : [])];
  const root = tproxy || o.capNetBindService;
  return {
    allowPrivilegeEscalation: false,
    capabilities: add.length ? { add, drop: ['ALL'] } : { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    ...(root ? { runAsNonRoot: false, runAsUser: 0, runAsGroup: 1337 } : { runAsNonRoot: true, runAsUser: 1337, runAsGroup: 1337 }),
  };
}

/** The `gateway` template: the pod's own `istio-proxy` container becomes an Envoy router. */
export function gatewayTemplate(input: TemplateInput): Json {
  const { metadata, spec, workload, settings, options: o } = input;
  const labels = metadata.labels ?? {};
  const apps = appContainerNames(spec);
  const podAnnotations: Json = { 'istio.io/rev': settings.revision || 'default' };
  if (apps.length === 1) {
    podAnnotations[A.defaultLogsContainer] = apps[0];
    podAnnotations[A.defaultContainer] = apps[0];
  }
  const proxy: Json = {
    name: 'istio-proxy',
    image: o.proxyImage,
    ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }],
    args: [
      'proxy', 'router', '--domain', `$(POD_NAMESPACE).svc.${settings.clusterDomain}`,
      `--proxyLogLevel=${o.logLevel}`, `--proxyComponentLogLevel=${o.componentLogLevel}`, `--log_output_level=${o.agentLogLevel}`,
    ],
    securityContext: { runAsUser: 1337, runAsGroup: 1337 },
    env: [
      ...agentEnv(settings, o, spec),
      resourceEnv('GOMEMLIMIT', 'limits.memory'),
      env('ISTIO_META_APP_CONTAINERS', apps.join(',')),
      env('ISTIO_META_CLUSTER_ID', settings.clusterName || 'Kubernetes'),
      fieldEnv('ISTIO_META_NODE_NAME', 'spec.nodeName'),
      env('ISTIO_META_INTERCEPTION_MODE', o.proxyConfig.interceptionMode ?? 'REDIRECT'),
      ...(settings.network ? [env('ISTIO_META_NETWORK', settings.network)] : []),
      ...(workload.name ? [env('ISTIO_META_WORKLOAD_NAME', workload.name)] : []),
      ...ownerEnv(workload),
      ...meshEnv(input),
      ...proxyMetadataEnv(o),
    ],
    readinessProbe: readinessProbe(
      settings.proxy.readinessInitialDelaySeconds, settings.proxy.readinessPeriodSeconds, settings.proxy.readinessFailureThreshold),
    volumeMounts: [
      { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
      { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
      { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
      { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
      { mountPath: '/var/lib/istio/data', name: 'istio-data' },
      { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
      { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
      { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
    ],
  };
  return {
    metadata: {
      labels: {
        'service.istio.io/canonical-name': canonicalName(labels, workload, false),
        'service.istio.io/canonical-revision': canonicalRevision(labels),
      },
      annotations: podAnnotations,
    },
    spec: {
      securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
      containers: [withPullPolicy(proxy, settings)],
      volumes: [
        { name: 'workload-socket' },
        { emptyDir: {}, name: 'credential-socket' },
        { emptyDir: {}, name: 'workload-certs' },
        { emptyDir: { medium: 'Memory' }, name: 'istio-envoy' },
        { name: 'istio-data', emptyDir: {} },
        JSON.parse(JSON.stringify(PODINFO_VOLUME)),
        tokenVolume(),
        { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
      ],
    },
  };
}
