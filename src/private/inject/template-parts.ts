/**
 * What Istio's `sidecar` and `gateway` injection templates share: what a template sees of the
 * pod, the pilot-agent environment (as the templates order it), the readiness probe, resources,
 * the pod info and token volumes and canonical service names. Fields are emitted the way the Go
 * round trip leaves them: zero-valued probe fields and empty env values are omitted.
 */
import { Json } from './json';
import { PodOptions, ResourceSpec } from './pod-options';
import { proxyConfigJson } from './proxy-config';
import { ResolvedSettings } from './settings';
import { LABEL } from '../istio-names';
import { PROXY_CONTAINER } from '../proxy-ports';

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

/** kubectl's container for `kubectl exec` and `kubectl logs` when none is named. */
export const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';
export const DEFAULT_LOGS_CONTAINER = 'kubectl.kubernetes.io/default-logs-container';

/** The port of the proxy's health endpoint (`/healthz/ready`). */
export const HEALTH_PORT = 15021;

/** Names of the pod's containers other than the proxy. */
export function appContainerNames(spec: Json): string[] {
  return (spec.containers ?? []).map((c: Json) => c.name).filter((n: string) => n !== PROXY_CONTAINER);
}

/** An env var; an empty value is left out, as the Go round trip leaves it. */
export function env(name: string, value: string): Json {
  return value === '' ? { name } : { name, value };
}

/** An env var from a pod field. */
export function fieldEnv(name: string, fieldPath: string): Json {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

/** An env var from a container resource. */
export function resourceEnv(name: string, resource: string): Json {
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
export function agentEnv(settings: ResolvedSettings, o: PodOptions, spec: Json): Json[] {
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

/** The mesh ID and trust domain, when the settings give them. */
export function meshEnv(input: TemplateInput): Json[] {
  const { settings } = input;
  const out: Json[] = [];
  const meshId = settings.meshId || settings.trustDomain;
  if (meshId) out.push(env('ISTIO_META_MESH_ID', meshId));
  if (settings.trustDomain) out.push(env('TRUST_DOMAIN', settings.trustDomain));
  return out;
}

/** `ISTIO_META_OWNER`: the workload that owns the pod. */
export function ownerEnv(w: WorkloadMeta): Json[] {
  if (!w.apiVersion || !w.name) return [];
  return [env('ISTIO_META_OWNER', `kubernetes://apis/${w.apiVersion}/namespaces/${w.namespace || 'default'}/${w.kind.toLowerCase()}s/${w.name}`)];
}

/** The ProxyConfig's `proxyMetadata`, sorted by name. */
export function proxyMetadataEnv(options: PodOptions): Json[] {
  return Object.entries(options.proxyConfig.proxyMetadata ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => env(k, v));
}

/** The container with the settings' image pull policy, if any. */
export function withPullPolicy(container: Json, settings: ResolvedSettings): Json {
  return settings.imagePullPolicy ? { ...container, imagePullPolicy: settings.imagePullPolicy } : container;
}

/** The proxy's resources: requests and limits that are given. */
export function resources(r: ResourceSpec | undefined): Json {
  if (!r) return {};
  const out: Json = {};
  if (r.requests && Object.keys(r.requests).length) out.requests = { ...r.requests };
  if (r.limits && Object.keys(r.limits).length) out.limits = { ...r.limits };
  return out;
}

/** The proxy's readiness probe (`/healthz/ready`). */
export function readinessProbe(initialDelaySeconds: number, periodSeconds: number, failureThreshold: number): Json {
  const probe: Json = { httpGet: { path: '/healthz/ready', port: HEALTH_PORT } };
  if (initialDelaySeconds) probe.initialDelaySeconds = initialDelaySeconds;
  if (periodSeconds) probe.periodSeconds = periodSeconds;
  probe.timeoutSeconds = 3;
  if (failureThreshold) probe.failureThreshold = failureThreshold;
  return probe;
}

/** The pod's labels and annotations for the agent (copy it before use). */
export const PODINFO_VOLUME = {
  name: 'istio-podinfo',
  downwardAPI: {
    items: [
      { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
      { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
    ],
  },
};

/** The projected service account token for istiod. */
export function tokenVolume(): Json {
  return {
    name: 'istio-token',
    projected: { sources: [{ serviceAccountToken: { path: 'istio-token', expirationSeconds: 43200, audience: 'istio-ca' } }] },
  };
}

/** Canonical service name: label, app.kubernetes.io/name, app, then the workload name. */
export function canonicalName(labels: Json, workload: WorkloadMeta, truncate: boolean): string {
  const name = labels[LABEL.canonicalName] || labels['app.kubernetes.io/name'] || labels.app || workload.name || '';
  if (!truncate) return name;
  return String(name).slice(0, 63).replace(/^[-_.]+|[-_.]+$/g, '');
}

/** Canonical revision: label, app.kubernetes.io/version, version, then `latest`. */
export function canonicalRevision(labels: Json): string {
  return labels[LABEL.canonicalRevision] || labels['app.kubernetes.io/version'] || labels.version || 'latest';
}
