/**
 * Reads and checks a pod's injection annotations against the installation settings, producing
 * the typed options the templates render. Every invalid or conflicting annotation is reported.
 */
import { clone, Json } from './json';
import { ProxyConfig, INTERCEPTION_MODES, IMAGE_TYPES, InterceptionMode, mergeProxyConfig, parseProxyConfig } from './proxy-config';
import { formatQuantity, parseQuantity, Quantity } from './quantity';
import { ResolvedSettings } from './settings';
import { ANNOTATION } from '../istio-names';
import { PROXY_PORTS } from '../proxy-ports';
import {
  agentLogLevelProblem, cidrListProblem, componentLogLevelProblem, describeProblem, envoyLogLevelProblem, GO_BOOL_ALLOWED,
  parseGoBool, portListProblem, portProblem, uint32Problem, ValueProblem,
} from './validators';

/** The injection templates this engine implements. */
export const KNOWN_TEMPLATES = ['sidecar', 'gateway'];

/**
 * The proxy's own ports a status port must not take: all of them but the status port itself
 * (15020, the default) and the HBONE port of secure networks (15009, which sidecars do not open).
 */
const STATUS_PORT_TAKEN = new Map([...PROXY_PORTS].filter(([port]) => port !== 15020 && port !== 15009));

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
  const fromLabel = Object.prototype.hasOwnProperty.call(labels, ANNOTATION.inject);
  const raw = fromLabel ? labels[ANNOTATION.inject] : annotations[ANNOTATION.inject];
  if (raw === undefined) return {};
  const where = `${fromLabel ? 'label' : 'annotation'} '${ANNOTATION.inject}'`;
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
  if (has(ANNOTATION.templates)) {
    templates = ann[ANNOTATION.templates].split(',').map(t => t.trim());
    const unknown = templates.filter(t => !KNOWN_TEMPLATES.includes(t));
    if (unknown.length > 0) {
      problems.push(`annotation '${ANNOTATION.templates}' must be a comma-separated list of injection templates from ${KNOWN_TEMPLATES.join(', ')}, got '${ann[ANNOTATION.templates]}'`);
    }
  }

  // ProxyConfig: mesh defaults from the settings, then the annotation
  let annotationConfig: ProxyConfig | undefined;
  if (has(ANNOTATION.proxyConfig)) {
    const parsed = parseProxyConfig(ann[ANNOTATION.proxyConfig]);
    parsed.problems.forEach(p => problems.push(`annotation '${ANNOTATION.proxyConfig}' ${p}`));
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
  if (has(ANNOTATION.interceptionMode)) {
    const mode = ann[ANNOTATION.interceptionMode];
    if (check(ANNOTATION.interceptionMode, INTERCEPTION_MODES.includes(mode as InterceptionMode) ? undefined : { allowed: `one of ${INTERCEPTION_MODES.join(', ')}` })) {
      interceptionMode = mode as InterceptionMode;
      if (annotationConfig?.interceptionMode !== undefined && annotationConfig.interceptionMode !== mode) {
        problems.push(`annotation '${ANNOTATION.interceptionMode}' ('${mode}') conflicts with interceptionMode '${annotationConfig.interceptionMode}' in annotation '${ANNOTATION.proxyConfig}'`);
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
  const nativeSidecar = boolAnnotation(ANNOTATION.nativeSidecar, settings.nativeSidecars, 'strict');
  const capNetBindService = boolAnnotation(ANNOTATION.capNetBindService, false, 'strict');
  const rewriteProbes = boolAnnotation(ANNOTATION.rewriteAppHTTPProbers, settings.rewriteAppHTTPProbe, 'go');
  const prometheusMerge = boolAnnotation(ANNOTATION.mergeMetrics, settings.enablePrometheusMerge, 'go');

  // status port
  const statusPort = str(ANNOTATION.statusPort, String(settings.proxy.statusPort), portProblem).trim();
  const taken = STATUS_PORT_TAKEN.get(Number(statusPort));
  if (taken !== undefined) {
    problems.push(`annotation '${ANNOTATION.statusPort}' must not be ${taken}, got '${statusPort}'`);
  }
  const readiness = (k: string, def: number) => Number(str(k, String(def), uint32Problem));
  const readinessInitialDelaySeconds = readiness(ANNOTATION.readinessInitialDelay, settings.proxy.readinessInitialDelaySeconds);
  const readinessPeriodSeconds = readiness(ANNOTATION.readinessPeriod, settings.proxy.readinessPeriodSeconds);
  const readinessFailureThreshold = readiness(ANNOTATION.readinessFailureThreshold, settings.proxy.readinessFailureThreshold);
  if (statusPort === '0') {
    for (const k of [ANNOTATION.readinessInitialDelay, ANNOTATION.readinessPeriod, ANNOTATION.readinessFailureThreshold].filter(has)) {
      problems.push(`annotation '${k}' has no effect: the proxy has no readiness probe when annotation '${ANNOTATION.statusPort}' is '0'`);
    }
    if (rewriteProbes && hasProbes) {
      problems.push(`annotation '${ANNOTATION.statusPort}' is '0' (no istio-agent health endpoint) but application probes would be rewritten to it: `
        + `set annotation '${ANNOTATION.rewriteAppHTTPProbers}' to "false" or use a non-zero status port`);
    }
  }

  // traffic capture
  const includeInboundPorts = str(ANNOTATION.includeInboundPorts, settings.proxy.includeInboundPorts, v => portListProblem(v, true));
  const excludeInbound = str(ANNOTATION.excludeInboundPorts, settings.proxy.excludeInboundPorts, v => portListProblem(v, false));
  const outboundPorts = (k: string, def: string) => {
    if (has(k)) return str(k, def, v => portListProblem(v, false));
    return def === '' ? undefined : def;
  };
  const includeOutboundPorts = outboundPorts(ANNOTATION.includeOutboundPorts, settings.proxy.includeOutboundPorts);
  const excludeOutboundPorts = outboundPorts(ANNOTATION.excludeOutboundPorts, settings.proxy.excludeOutboundPorts);
  const includeIPRanges = str(ANNOTATION.includeOutboundIPRanges, settings.proxy.includeIPRanges, v => cidrListProblem(v, true));
  const excludeIPRanges = str(ANNOTATION.excludeOutboundIPRanges, settings.proxy.excludeIPRanges, v => cidrListProblem(v, false));
  const rerouteInterfaces = has(ANNOTATION.rerouteVirtualInterfaces) ? ann[ANNOTATION.rerouteVirtualInterfaces]
    : has(ANNOTATION.kubevirtInterfaces) ? ann[ANNOTATION.kubevirtInterfaces] : undefined;
  const excludeInterfaces = has(ANNOTATION.excludeInterfaces) ? ann[ANNOTATION.excludeInterfaces] : undefined;

  // logging
  const logLevel = str(ANNOTATION.logLevel, settings.proxy.logLevel, envoyLogLevelProblem);
  const componentLogLevel = str(ANNOTATION.componentLogLevel, settings.proxy.componentLogLevel, componentLogLevelProblem);
  const agentLogLevel = str(ANNOTATION.agentLogLevel, settings.proxy.agentLogLevel, agentLogLevelProblem);

  // image
  let imageType = proxyConfig.image?.imageType ?? '';
  if (has(ANNOTATION.proxyImageType) && check(ANNOTATION.proxyImageType, IMAGE_TYPES.includes(ann[ANNOTATION.proxyImageType]) ? undefined : { allowed: `one of ${IMAGE_TYPES.join(', ')}` })) {
    imageType = ann[ANNOTATION.proxyImageType];
  }
  let proxyImage = `${settings.hub}/proxyv2:${imageTag(settings.tag, imageType)}`;
  const fullImage = { allowed: 'a full image reference including the registry, e.g. docker.io/istio/proxyv2:1.24.0' };
  if (has(ANNOTATION.proxyImage) && check(ANNOTATION.proxyImage, ann[ANNOTATION.proxyImage].includes('/') ? undefined : fullImage)) {
    proxyImage = ann[ANNOTATION.proxyImage];
  }

  const resources = resolveResources(ann, settings, problems);

  const bootstrapOverride = has(ANNOTATION.bootstrapOverride) ? str(ANNOTATION.bootstrapOverride, '', v => (
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v) && v.length <= 253 ? undefined : { allowed: 'the name of a ConfigMap (a DNS-1123 subdomain)' })) : undefined;
  const userVolumes = jsonMapAnnotation(ann, ANNOTATION.userVolume, problems);
  const userVolumeMounts = jsonMapAnnotation(ann, ANNOTATION.userVolumeMount, problems);

  if (problems.length > 0) return { problems };
  return {
    problems,
    options: {
      templates,
      interceptionMode,
      metaInterceptionMode: has(ANNOTATION.interceptionMode) ? ann[ANNOTATION.interceptionMode] : configMode,
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
  [ANNOTATION.proxyCPU, 'requests', 'cpu'],
  [ANNOTATION.proxyMemory, 'requests', 'memory'],
  [ANNOTATION.proxyCPULimit, 'limits', 'cpu'],
  [ANNOTATION.proxyMemoryLimit, 'limits', 'memory'],
];

function resolveResources(ann: { [k: string]: string }, settings: ResolvedSettings, problems: string[]): ResourceSpec | undefined {
  const present = RESOURCE_ANNOTATIONS.filter(([k]) => Object.prototype.hasOwnProperty.call(ann, k));
  if (present.length === 0) {
    const r = settings.proxy.resources;
    return r.requests || r.limits ? clone(r) : undefined;
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
  for (const [resource, request, limit] of [['cpu', ANNOTATION.proxyCPU, ANNOTATION.proxyCPULimit], ['memory', ANNOTATION.proxyMemory, ANNOTATION.proxyMemoryLimit]]) {
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
