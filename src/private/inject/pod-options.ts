/**
 * Reads and checks a pod's injection annotations against the installation settings, producing
 * the typed options the templates render. Every invalid or conflicting annotation is reported.
 */
import { ProxyConfig, INTERCEPTION_MODES, IMAGE_TYPES, InterceptionMode, mergeProxyConfig, parseProxyConfig } from './proxy-config';
import { formatQuantity, parseQuantity, Quantity } from './quantity';
import { ResolvedSettings } from './settings';
import { PROXY_PORTS } from '../proxy-ports';
import {
  agentLogLevelProblem, cidrListProblem, componentLogLevelProblem, describeProblem, envoyLogLevelProblem, GO_BOOL_ALLOWED,
  parseGoBool, portListProblem, portProblem, uint32Problem, ValueProblem,
} from './validators';

/** The annotations (and labels) this injector reads. */
export const A = {
  inject: 'sidecar.istio.io/inject',
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
  defaultContainer: 'kubectl.kubernetes.io/default-container',
  defaultLogsContainer: 'kubectl.kubernetes.io/default-logs-container',
} as const;

/** The injection templates this engine implements. */
export const KNOWN_TEMPLATES = ['sidecar', 'gateway'];

/**
 * The proxy's own ports a status port must not take: all of them but the status port itself
 * (15020, the default) and the HBONE port of secure networks (15009, which sidecars do not open).
 */
const STATUS_PORT_TAKEN = new Map([...PROXY_PORTS].filter(([port]) => port !== 15020 && port !== 15009));

type Json = any;

/** Resource requests/limits as the template renders them (quantities as written). */
export interface ResourceSpec {
  readonly requests?: { cpu?: string; memory?: string };
  readonly limits?: { cpu?: string; memory?: string };
}

/** Everything the templates need to know about one pod, resolved from its annotations and the settings. */
export interface PodOptions {
  readonly templates: string[];
  readonly interceptionMode: InterceptionMode;
  /** the `sidecar.istio.io/interceptionMode` annotation, else the ProxyConfig's mode */
  readonly metaInterceptionMode: string;
  readonly nativeSidecar: boolean;
  readonly statusPort: string;
  readonly includeInboundPorts: string;
  /** excludeInboundPorts plus the status port */
  readonly excludeInboundPorts: string;
  readonly includeOutboundPorts?: string;
  readonly excludeOutboundPorts?: string;
  readonly includeIPRanges: string;
  readonly excludeIPRanges: string;
  readonly rerouteInterfaces?: string;
  readonly excludeInterfaces?: string;
  readonly logLevel: string;
  readonly componentLogLevel: string;
  readonly agentLogLevel: string;
  readonly resources?: ResourceSpec;
  readonly readinessInitialDelaySeconds: number;
  readonly readinessPeriodSeconds: number;
  readonly readinessFailureThreshold: number;
  readonly proxyImage: string;
  readonly capNetBindService: boolean;
  readonly proxyConfig: ProxyConfig;
  /** hold the application until the proxy is ready (classic sidecars: postStart hook, proxy first) */
  readonly holdApplication: boolean;
  readonly rewriteProbes: boolean;
  readonly prometheusMerge: boolean;
  readonly bootstrapOverride?: string;
  readonly userVolumes: Array<[string, Json]>;
  readonly userVolumeMounts: Array<[string, Json]>;
}

/** Whether the pod asks for injection: true/false, or undefined when it does not say. */
export function injectDecision(annotations: { [k: string]: unknown }, labels: { [k: string]: unknown }): { inject?: boolean; problem?: string } {
  const fromLabel = Object.prototype.hasOwnProperty.call(labels, A.inject);
  const raw = fromLabel ? labels[A.inject] : annotations[A.inject];
  if (raw === undefined) return {};
  const where = `${fromLabel ? 'label' : 'annotation'} '${A.inject}'`;
  if (typeof raw !== 'string') return { problem: `${where} must be a string (quote it), got ${JSON.stringify(raw)}` };
  const v = raw.toLowerCase();
  if (['y', 'yes', 'true', 'on'].includes(v)) return { inject: true };
  if (['n', 'no', 'false', 'off'].includes(v)) return { inject: false };
  if (v === '') return {};
  return { problem: `${where} must be one of true, false (also y, yes, on, n, no, off), got '${raw}'` };
}

/**
 * Resolves a pod's options.
 *
 * @param hasProbes whether any application container has a probe or lifecycle hook that rewriting would change
 * @returns the options, or every problem found (phrased without the object's name)
 */
export function resolvePodOptions(
  annotations: { [k: string]: unknown }, settings: ResolvedSettings, hasProbes: boolean,
): { options?: PodOptions; problems: string[] } {
  const problems: string[] = [];
  const ann: { [k: string]: string } = {};
  for (const [key, value] of Object.entries(annotations)) {
    if (typeof value === 'string') {
      ann[key] = value;
    } else {
      problems.push(`annotation '${key}' must be a string (quote it in YAML), got ${JSON.stringify(value)}`);
    }
  }
  const has = (k: string) => Object.prototype.hasOwnProperty.call(ann, k);
  const check = (k: string, p: ValueProblem | undefined) => {
    if (p) problems.push(describeProblem(`annotation '${k}'`, ann[k], p));
    return !p;
  };
  const str = (k: string, def: string, validate?: (v: string) => ValueProblem | undefined) =>
    (has(k) && (!validate || check(k, validate(ann[k]))) ? ann[k] : def);

  // templates
  let templates = ['sidecar'];
  if (has(A.templates)) {
    templates = ann[A.templates].split(',').map(t => t.trim());
    const unknown = templates.filter(t => !KNOWN_TEMPLATES.includes(t));
    if (unknown.length > 0) {
      problems.push(`annotation '${A.templates}' must be a comma-separated list of injection templates from ${KNOWN_TEMPLATES.join(', ')}, got '${ann[A.templates]}'`);
    }
  }

  // ProxyConfig: mesh defaults from the settings, then the annotation
  let annotationConfig: ProxyConfig | undefined;
  if (has(A.proxyConfig)) {
    const parsed = parseProxyConfig(ann[A.proxyConfig]);
    parsed.problems.forEach(p => problems.push(`annotation '${A.proxyConfig}' ${p}`));
    annotationConfig = parsed.config;
  }
  // the istiod chart's mesh config points proxies at the revision's istiod
  const istiod = settings.revision === 'default' ? 'istiod' : `istiod-${settings.revision}`;
  const meshDefault: ProxyConfig = {
    discoveryAddress: `${istiod}.${settings.rootNamespace}.svc:15012`,
    ...(settings.proxy.concurrency === undefined ? {} : { concurrency: settings.proxy.concurrency }),
  };
  const proxyConfig = mergeProxyConfig(meshDefault, annotationConfig);

  // interception
  const configMode = proxyConfig.interceptionMode ?? 'REDIRECT';
  let interceptionMode: InterceptionMode = configMode;
  if (has(A.interceptionMode)) {
    const mode = ann[A.interceptionMode];
    if (check(A.interceptionMode, INTERCEPTION_MODES.includes(mode as InterceptionMode) ? undefined : { allowed: `one of ${INTERCEPTION_MODES.join(', ')}` })) {
      interceptionMode = mode as InterceptionMode;
      if (annotationConfig?.interceptionMode !== undefined && annotationConfig.interceptionMode !== mode) {
        problems.push(`annotation '${A.interceptionMode}' ('${mode}') conflicts with interceptionMode '${annotationConfig.interceptionMode}' in annotation '${A.proxyConfig}'`);
      }
    }
  }

  const boolAnnotation = (k: string, def: boolean, allowed: 'strict' | 'go'): boolean => {
    if (!has(k)) return def;
    const v = ann[k];
    if (allowed === 'strict') {
      if (v === 'true' || v === 'false') return v === 'true';
      problems.push(describeProblem(`annotation '${k}'`, v, { allowed: 'true or false' }));
      return def;
    }
    const b = parseGoBool(v);
    if (b === undefined) problems.push(describeProblem(`annotation '${k}'`, v, { allowed: GO_BOOL_ALLOWED }));
    return b ?? def;
  };
  const nativeSidecar = boolAnnotation(A.nativeSidecar, settings.nativeSidecars, 'strict');
  const capNetBindService = boolAnnotation(A.capNetBindService, false, 'strict');
  const rewriteProbes = boolAnnotation(A.rewriteAppHTTPProbers, settings.rewriteAppHTTPProbe, 'go');
  const prometheusMerge = boolAnnotation(A.mergeMetrics, settings.enablePrometheusMerge, 'go');

  // status port
  const statusPort = str(A.statusPort, String(settings.proxy.statusPort), portProblem).trim();
  const taken = STATUS_PORT_TAKEN.get(Number(statusPort));
  if (taken !== undefined) {
    problems.push(`annotation '${A.statusPort}' must not be ${taken}, got '${statusPort}'`);
  }
  const readiness = (k: string, def: number) => Number(str(k, String(def), uint32Problem));
  const readinessInitialDelaySeconds = readiness(A.readinessInitialDelay, settings.proxy.readinessInitialDelaySeconds);
  const readinessPeriodSeconds = readiness(A.readinessPeriod, settings.proxy.readinessPeriodSeconds);
  const readinessFailureThreshold = readiness(A.readinessFailureThreshold, settings.proxy.readinessFailureThreshold);
  if (statusPort === '0') {
    for (const k of [A.readinessInitialDelay, A.readinessPeriod, A.readinessFailureThreshold].filter(has)) {
      problems.push(`annotation '${k}' has no effect: the proxy has no readiness probe when annotation '${A.statusPort}' is '0'`);
    }
    if (rewriteProbes && hasProbes) {
      problems.push(`annotation '${A.statusPort}' is '0' (no istio-agent health endpoint) but application probes would be rewritten to it: `
        + `set annotation '${A.rewriteAppHTTPProbers}' to "false" or use a non-zero status port`);
    }
  }

  // traffic capture
  const includeInboundPorts = str(A.includeInboundPorts, settings.proxy.includeInboundPorts, v => portListProblem(v, true));
  const excludeInbound = str(A.excludeInboundPorts, settings.proxy.excludeInboundPorts, v => portListProblem(v, false));
  const outboundPorts = (k: string, def: string) => {
    if (has(k)) return str(k, def, v => portListProblem(v, false));
    return def === '' ? undefined : def;
  };
  const includeOutboundPorts = outboundPorts(A.includeOutboundPorts, settings.proxy.includeOutboundPorts);
  const excludeOutboundPorts = outboundPorts(A.excludeOutboundPorts, settings.proxy.excludeOutboundPorts);
  const includeIPRanges = str(A.includeOutboundIPRanges, settings.proxy.includeIPRanges, v => cidrListProblem(v, true));
  const excludeIPRanges = str(A.excludeOutboundIPRanges, settings.proxy.excludeIPRanges, v => cidrListProblem(v, false));
  const rerouteInterfaces = has(A.rerouteVirtualInterfaces) ? ann[A.rerouteVirtualInterfaces]
    : has(A.kubevirtInterfaces) ? ann[A.kubevirtInterfaces] : undefined;
  const excludeInterfaces = has(A.excludeInterfaces) ? ann[A.excludeInterfaces] : undefined;

  // logging
  const logLevel = str(A.logLevel, settings.proxy.logLevel, envoyLogLevelProblem);
  const componentLogLevel = str(A.componentLogLevel, settings.proxy.componentLogLevel, componentLogLevelProblem);
  const agentLogLevel = str(A.agentLogLevel, settings.proxy.agentLogLevel, agentLogLevelProblem);

  // image
  let imageType = proxyConfig.image?.imageType ?? '';
  if (has(A.proxyImageType) && check(A.proxyImageType, IMAGE_TYPES.includes(ann[A.proxyImageType]) ? undefined : { allowed: `one of ${IMAGE_TYPES.join(', ')}` })) {
    imageType = ann[A.proxyImageType];
  }
  let proxyImage = `${settings.hub}/proxyv2:${imageTag(settings.tag, imageType)}`;
  const fullImage = { allowed: 'a full image reference including the registry, e.g. docker.io/istio/proxyv2:1.24.0' };
  if (has(A.proxyImage) && check(A.proxyImage, ann[A.proxyImage].includes('/') ? undefined : fullImage)) {
    proxyImage = ann[A.proxyImage];
  }

  const resources = resolveResources(ann, settings, problems);

  const bootstrapOverride = has(A.bootstrapOverride) ? str(A.bootstrapOverride, '', v => (
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v) && v.length <= 253 ? undefined : { allowed: 'the name of a ConfigMap (a DNS-1123 subdomain)' })) : undefined;
  const userVolumes = jsonMapAnnotation(ann, A.userVolume, problems);
  const userVolumeMounts = jsonMapAnnotation(ann, A.userVolumeMount, problems);

  if (problems.length > 0) return { problems };
  return {
    problems,
    options: {
      templates,
      interceptionMode,
      metaInterceptionMode: has(A.interceptionMode) ? ann[A.interceptionMode] : configMode,
      nativeSidecar,
      statusPort,
      includeInboundPorts,
      excludeInboundPorts: excludeInboundPort(statusPort, excludeInbound),
      includeOutboundPorts,
      excludeOutboundPorts,
      includeIPRanges,
      excludeIPRanges,
      rerouteInterfaces,
      excludeInterfaces,
      logLevel,
      componentLogLevel,
      agentLogLevel,
      resources,
      readinessInitialDelaySeconds,
      readinessPeriodSeconds,
      readinessFailureThreshold,
      proxyImage,
      capNetBindService,
      proxyConfig,
      holdApplication: (proxyConfig.holdApplicationUntilProxyStarts ?? false) || settings.proxy.holdApplicationUntilProxyStarts,
      rewriteProbes,
      prometheusMerge,
      bootstrapOverride: bootstrapOverride || undefined,
      userVolumes,
      userVolumeMounts,
    },
  };
}

/** Istio's image tag with an image type suffix (`1.24.0-distroless`); `default` strips a known suffix. */
function imageTag(tag: string, imageType: string): string {
  if (imageType === '') return tag;
  let t = tag;
  for (const known of ['distroless', 'debug']) {
    if (t.endsWith(`-${known}`)) {
      t = t.slice(0, -(known.length + 1));
      break;
    }
  }
  return imageType === 'default' ? t : `${t}-${imageType}`;
}

/** Adds the status port to the excluded inbound ports, unless it is 0 or already there (Istio's excludeInboundPort). */
function excludeInboundPort(port: string, excluded: string): string {
  if (port === '' || port === '0') return excluded;
  const parts = excluded.split(',');
  if (parts.includes(port)) return excluded;
  return [...parts.map(p => p.trim()).filter(p => p !== ''), port].join(',');
}

const RESOURCE_ANNOTATIONS: Array<[string, 'requests' | 'limits', 'cpu' | 'memory']> = [
  [A.proxyCPU, 'requests', 'cpu'],
  [A.proxyMemory, 'requests', 'memory'],
  [A.proxyCPULimit, 'limits', 'cpu'],
  [A.proxyMemoryLimit, 'limits', 'memory'],
];

function resolveResources(ann: { [k: string]: string }, settings: ResolvedSettings, problems: string[]): ResourceSpec | undefined {
  const present = RESOURCE_ANNOTATIONS.filter(([k]) => Object.prototype.hasOwnProperty.call(ann, k));
  if (present.length === 0) {
    const r = settings.proxy.resources;
    return r.requests || r.limits ? JSON.parse(JSON.stringify(r)) : undefined;
  }
  const out: { requests?: { [k: string]: string }; limits?: { [k: string]: string } } = {};
  const parsed: { [key: string]: Quantity } = {};
  for (const [k, group, resource] of present) {
    const q = parseQuantity(ann[k]);
    if (!q || q.nanos < 0n) {
      const example = resource === 'cpu' ? '100m, 0.5 or 2' : '128Mi, 1Gi or 500M';
      problems.push(describeProblem(`annotation '${k}'`, ann[k], { allowed: `a non-negative Kubernetes quantity such as ${example}` }));
      continue;
    }
    parsed[`${group}.${resource}`] = q;
    (out[group] ??= {})[resource] = ann[k];
  }
  for (const [resource, request, limit] of [['cpu', A.proxyCPU, A.proxyCPULimit], ['memory', A.proxyMemory, A.proxyMemoryLimit]]) {
    const req = parsed[`requests.${resource}`];
    const lim = parsed[`limits.${resource}`];
    if (req && lim && req.nanos > lim.nanos) {
      problems.push(`annotation '${request}' (${formatQuantity(req)}) must not exceed annotation '${limit}' (${formatQuantity(lim)})`);
    }
  }
  return out;
}

function jsonMapAnnotation(ann: { [k: string]: string }, key: string, problems: string[]): Array<[string, Json]> {
  if (!Object.prototype.hasOwnProperty.call(ann, key)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(ann[key]);
  } catch {
    parsed = undefined;
  }
  const ok = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    && Object.values(parsed as object).every(v => v !== null && typeof v === 'object' && !Array.isArray(v));
  if (!ok) {
    problems.push(describeProblem(`annotation '${key}'`, ann[key], { allowed: 'a JSON object mapping names to objects' }));
    return [];
  }
  return Object.entries(parsed as { [k: string]: Json }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
