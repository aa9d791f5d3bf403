/**
 * Sidecar injection (what `istioctl kube-inject` does) for pod-bearing Kubernetes objects.
 *
 * The pipeline mirrors Istio's injector: render the selected templates for the pod, merge them
 * into the pod strategically, re-apply the user's own `istio-proxy` customizations, merge
 * Prometheus annotations, rewrite application probes, record the injection status, order the
 * containers, and finally normalize the pod the way Kubernetes' Go types serialize it.
 */
import { gatewayTemplate } from './gateway-template';
import { goContainer } from './go-json';
import { clone, isObject, Json } from './json';
import { mergeContainer, mergePod } from './merge';
import { injectDecision, PodOptions, resolvePodOptions } from './pod-options';
import { appProbersJson, hasRewritableProbes, rewriteAppProbes } from './probes';
import { canonicalQuantity } from './quantity';
import { DEFAULT_SETTINGS, InjectionSettings, ResolvedSettings, resolveSettings } from './settings';
import { sidecarTemplate } from './sidecar-template';
import { TemplateInput, WorkloadMeta } from './template-parts';
import { parseGoBool } from './validators';
import { ANNOTATION, IGNORED_NAMESPACES } from '../istio-names';
import { PROXY_CONTAINER } from '../proxy-ports';

/** What happened to one object. */
export interface InjectionResult {
  /** The object to write: a new, injected object, or a copy of the input when nothing was injected. */
  readonly object: Json;
  /** Whether a sidecar (or gateway proxy) was injected. */
  readonly injected: boolean;
  /** Why a pod-bearing object was left as it was (opt-out, host network, already injected). */
  readonly skipped?: string;
}

/** Where the pod template sits in each pod-bearing kind. */
const POD_TEMPLATE_PATHS: { [kind: string]: string[] } = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Kinds this engine injects. */
export const POD_BEARING_KINDS = Object.keys(POD_TEMPLATE_PATHS);

/** Fields Go writes out for an empty workload (`strategy: {}`, `status: {}` …), by kind. */
const GO_EMPTY_FIELDS: { [kind: string]: Array<[string[], Json]> } = {
  Pod: [[['status'], {}]],
  Deployment: [[['spec', 'strategy'], {}], [['status'], {}]],
  StatefulSet: [[['spec', 'updateStrategy'], {}], [['status'], { replicas: 0, availableReplicas: 0 }]],
  DaemonSet: [[['spec', 'updateStrategy'], {}], [['status'], { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 }]],
  ReplicaSet: [[['status'], { replicas: 0 }]],
  ReplicationController: [[['status'], { replicas: 0 }]],
  Job: [[['status'], {}]],
  CronJob: [[['spec', 'jobTemplate', 'metadata'], {}], [['status'], {}]],
};

/** `Kind namespace/name`, the way errors and warnings name an object. */
export function describeObject(obj: Json): string {
  const name = obj?.metadata?.name ?? (obj?.metadata?.generateName ? `${obj.metadata.generateName}*` : '<unnamed>');
  return `${obj?.kind ?? '<no kind>'} ${obj?.metadata?.namespace || 'default'}/${name}`;
}

/**
 * Injects the Istio sidecar into a pod-bearing object (Pod, Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job, CronJob, or a List of them) and returns a new object;
 * any other object is returned unchanged (as a copy).
 *
 * @throws Error naming the object, the annotation, the value given and what is allowed, when the pod asks for something invalid
 */
export function injectObject(obj: Json, settings: InjectionSettings = DEFAULT_SETTINGS): Json {
  return inject(obj, settings).object;
}

/** Like `injectObject`, also telling whether the object was injected or why it was skipped. */
export function inject(obj: Json, settings: InjectionSettings = DEFAULT_SETTINGS): InjectionResult {
  return injectResolved(obj, resolveSettings(settings));
}

/**
 * An injector for one set of settings, checked once: for injecting many objects one at a time
 * (a stream of documents).
 *
 * @throws Error listing every invalid setting
 */
export function injector(settings: InjectionSettings = DEFAULT_SETTINGS): (obj: Json) => InjectionResult {
  const resolved = resolveSettings(settings);
  return obj => injectResolved(obj, resolved);
}

/** Injects every object; errors of all objects are reported together. */
export function injectAll(objects: Json[], settings: InjectionSettings = DEFAULT_SETTINGS): InjectionResult[] {
  const resolved = resolveSettings(settings);
  const errors: string[] = [];
  const results = objects.map(o => {
    try {
      return injectResolved(o, resolved);
    } catch (e) {
      errors.push((e as Error).message);
      return { object: o, injected: false };
    }
  });
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return results;
}

function injectResolved(obj: Json, settings: ResolvedSettings): InjectionResult {
  if (!isObject(obj)) return { object: obj, injected: false };
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    const results: InjectionResult[] = obj.items.map((item: Json) => injectResolved(item, settings));
    const list: Json = { ...clone(obj), items: results.map(r => r.object) };
    // Go writes a v1 List's (empty) ListMeta
    if (obj.kind === 'List' && obj.apiVersion === 'v1' && list.metadata === undefined) list.metadata = {};
    return { object: list, injected: results.some(r => r.injected) };
  }
  const path = POD_TEMPLATE_PATHS[obj.kind];
  const out = clone(obj);
  if (!path) return { object: out, injected: false };

  const name = describeObject(obj);
  const holder = path.reduce((o: Json, k) => (isObject(o) ? o[k] : undefined), out);
  const where = path.length ? `${path.join('.')}` : 'the pod';
  if (!isObject(holder) || (path.length === 0 && !isObject(holder.spec))) {
    throw new Error(`${name}: ${path.length ? where : 'spec'} is required`);
  }
  if (!isObject(holder.spec) || !Array.isArray(holder.spec.containers) || holder.spec.containers.length === 0
    || !holder.spec.containers.every((c: Json) => isObject(c) && typeof c.name === 'string')) {
    throw new Error(`${name}: ${[...path, 'spec', 'containers'].join('.')} must be a non-empty list of named containers`);
  }
  const metadata = isObject(holder.metadata) ? holder.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const labels = isObject(metadata.labels) ? metadata.labels : {};

  const skip = skipReason(obj, holder.spec, metadata, annotations, labels);
  if (skip) return { object: out, injected: false, skipped: `${name}: ${skip}` };

  const { options, problems } = resolvePodOptions(annotations, settings, hasRewritableProbes(holder.spec));
  if (!options) throw new Error(problems.map(p => `${name}: ${p}`).join('\n'));

  const pod = injectPod({ metadata: clone(metadata), spec: clone(holder.spec) }, workloadOf(obj, metadata), settings, options);
  holder.metadata = pod.metadata;
  holder.spec = pod.spec;
  for (const [fieldPath, value] of GO_EMPTY_FIELDS[obj.kind] ?? []) setIfAbsent(out, fieldPath, value);
  if (obj.kind === 'StatefulSet' && Array.isArray(out.spec.volumeClaimTemplates)) {
    // a PersistentVolumeClaim's status is a struct: Go writes `status: {}`
    for (const claim of out.spec.volumeClaimTemplates) if (isObject(claim)) setIfAbsent(claim, ['status'], {});
  }
  return { object: out, injected: true };
}

function skipReason(obj: Json, spec: Json, metadata: Json, annotations: Json, labels: Json): string | undefined {
  if (spec.hostNetwork === true) return 'skipped: the pod uses the host network';
  const namespace = metadata.namespace || obj.metadata?.namespace;
  if (IGNORED_NAMESPACES.has(namespace)) return `skipped: Istio never injects into namespace '${namespace}'`;
  const decision = injectDecision(annotations, labels);
  if (decision.problem) throw new Error(`${describeObject(obj)}: ${decision.problem}`);
  if (decision.inject === false) return `skipped: sidecar injection is disabled by '${ANNOTATION.inject}'`;
  if (ANNOTATION.status in annotations) return `skipped: already injected ('${ANNOTATION.status}' is set)`;
  return undefined;
}

function setIfAbsent(obj: Json, path: string[], value: Json): void {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (!isObject(o[k])) return;
    o = o[k];
  }
  const last = path[path.length - 1];
  if (o[last] === undefined) o[last] = clone(value);
}

/** The workload a pod belongs to; for a bare pod, its controller when it has a generated name (Istio's heuristic). */
function workloadOf(obj: Json, podMetadata: Json): WorkloadMeta {
  const meta = obj.metadata ?? {};
  if (obj.kind !== 'Pod') {
    return { name: meta.name ?? '', namespace: meta.namespace ?? '', apiVersion: obj.apiVersion ?? '', kind: obj.kind };
  }
  const w = { name: podMetadata.name ?? '', namespace: podMetadata.namespace ?? '', apiVersion: 'v1', kind: 'Pod' };
  const controller = podMetadata.generateName ? (podMetadata.ownerReferences ?? []).find((r: Json) => r?.controller === true) : undefined;
  if (!controller) return w;
  w.apiVersion = controller.apiVersion;
  w.kind = controller.kind;
  w.name = controller.name;
  const hash = podMetadata.labels?.['pod-template-hash'];
  const cronJob = /^(.+)-\d{8,10}$/.exec(controller.name);
  if (controller.kind === 'ReplicaSet' && hash && controller.name.endsWith(`-${hash}`)) {
    w.name = controller.name.slice(0, -(hash.length + 1));
    w.kind = 'Deployment';
  } else if (controller.kind === 'Job' && cronJob) {
    w.name = cronJob[1];
    w.kind = 'CronJob';
    w.apiVersion = 'batch/v1';
  }
  return w;
}

function findContainer(list: Json[] | undefined, name: string): Json | undefined {
  return (list ?? []).find(c => c?.name === name);
}

/** Injects one pod (metadata + spec). */
function injectPod(original: Json, workload: WorkloadMeta, settings: ResolvedSettings, options: PodOptions): Json {
  const input: TemplateInput = { metadata: original.metadata, spec: original.spec, workload, settings, options };
  let merged: Json = clone(original);
  let templatePod: Json = {};
  for (const template of options.templates) {
    const rendered = template === 'gateway' ? gatewayTemplate(input) : sidecarTemplate(input);
    templatePod = mergePod(templatePod, rendered);
    // a user-defined istio-proxy container becomes the native sidecar (an init container)
    const proxy = findContainer(merged.spec.containers, PROXY_CONTAINER);
    if (options.nativeSidecar && proxy && findContainer(templatePod.spec?.initContainers, PROXY_CONTAINER)) {
      merged.spec.containers = merged.spec.containers.filter((c: Json) => c !== proxy);
      merged.spec.initContainers = [...(merged.spec.initContainers ?? []), proxy];
    }
    merged = mergePod(merged, rendered);
  }
  merged = reapplyUserContainers(merged, original, templatePod, options);
  postProcess(merged, templatePod, settings, options);
  normalize(merged.spec);
  return merged;
}

/**
 * The user's own containers named like injected ones (e.g. an `istio-proxy` with custom
 * resources) win over the template; they are recorded in `proxy.istio.io/overrides`.
 */
function reapplyUserContainers(merged: Json, original: Json, templatePod: Json, options: PodOptions): Json {
  const overrides: { containers?: Json[]; initContainers?: Json[] } = {};
  const apply = (field: 'containers' | 'initContainers', c: Json, match: Json | undefined) => {
    if (!match) return;
    const overlay = clone(match);
    if (overlay.image === 'auto') delete overlay.image;
    const goOverlay = goContainer(overlay);
    (overrides[field] ??= []).push(goOverlay);
    merged = mergeContainer(merged, field, { ...goOverlay, name: c.name });
  };
  for (const c of templatePod.spec?.containers ?? []) {
    apply('containers', c, findContainer(original.spec.containers, c.name));
  }
  for (const c of templatePod.spec?.initContainers ?? []) {
    apply('initContainers', c, findContainer(original.spec.containers, c.name) ?? findContainer(original.spec.initContainers, c.name));
  }
  if (overrides.containers || overrides.initContainers) {
    merged.metadata.annotations = { ...(merged.metadata.annotations ?? {}), [ANNOTATION.overrides]: JSON.stringify(overrides) };
    adjustInitUser(merged, original, options);
  }
  return merged;
}

/** istio-init captures traffic of the proxy's user: follow a user-defined proxy runAsUser. */
function adjustInitUser(merged: Json, original: Json, options: PodOptions): void {
  const user = findContainer(original.spec.containers, PROXY_CONTAINER) ?? findContainer(original.spec.initContainers, PROXY_CONTAINER);
  const uid = user?.securityContext?.runAsUser;
  const init = findContainer(merged.spec.initContainers, 'istio-init');
  if (!init || typeof uid !== 'number') return;
  if (options.interceptionMode === 'TPROXY') {
    const proxy = findContainer(merged.spec.containers, PROXY_CONTAINER) ?? findContainer(merged.spec.initContainers, PROXY_CONTAINER);
    if (proxy?.securityContext) proxy.securityContext.runAsUser = 0;
    return;
  }
  const i = (init.args ?? []).indexOf('-u');
  if (uid !== 0 && i >= 0) init.args[i + 1] = String(uid);
}

const PROMETHEUS = ['prometheus_io_scrape', 'prometheus_io_port', 'prometheus_io_path'];
const sanitize = (k: string) => k.replace(/[^a-zA-Z0-9_]/g, '_');

function postProcess(pod: Json, templatePod: Json, settings: ResolvedSettings, options: PodOptions): void {
  pod.metadata.annotations ??= {};
  pod.metadata.labels ??= {};
  const annotations = pod.metadata.annotations;
  const proxy = findContainer(pod.spec.containers, PROXY_CONTAINER) ?? findContainer(pod.spec.initContainers, PROXY_CONTAINER);

  // metrics merge: Prometheus scrapes istio-agent, which also serves the application's metrics
  const scrapeKey = Object.keys(annotations).find(k => sanitize(k) === 'prometheus_io_scrape' && parseGoBool(annotations[k]) !== undefined);
  const scrape = scrapeKey === undefined ? true : parseGoBool(annotations[scrapeKey]);
  const target = String(settings.proxy.statusPort);
  const portKey = Object.keys(annotations).find(k => sanitize(k) === 'prometheus_io_port');
  if (scrape && options.prometheusMerge && !(portKey !== undefined && annotations[portKey] === target)) {
    const cfg: { [k: string]: string } = { scrape: '', path: '', port: '' };
    for (const k of Object.keys(annotations)) {
      const s = sanitize(k);
      if (PROMETHEUS.includes(s)) cfg[s.slice('prometheus_io_'.length)] = annotations[k];
    }
    if (proxy && (cfg.scrape || cfg.path || cfg.port)) {
      proxy.env = [...(proxy.env ?? []), { name: 'ISTIO_PROMETHEUS_ANNOTATIONS', value: JSON.stringify(cfg) }];
    }
    for (const k of Object.keys(annotations)) if (PROMETHEUS.includes(sanitize(k))) delete annotations[k];
    annotations['prometheus.io/port'] = target;
    annotations['prometheus.io/path'] = '/stats/prometheus';
    annotations['prometheus.io/scrape'] = 'true';
  }

  // application probes go through istio-agent
  if (proxy && options.rewriteProbes) {
    const probers = appProbersJson(pod, settings.proxy.statusPort);
    if (probers) proxy.env = [...(proxy.env ?? []), { name: 'ISTIO_KUBE_APP_PROBERS', value: probers }];
    rewriteAppProbes(pod, Number(options.statusPort));
  }

  annotations[ANNOTATION.status] = injectionStatus(templatePod.spec ?? {}, settings.revision);
  reorder(pod.spec, options);
}

/** The `sidecar.istio.io/status` annotation: what the templates added, as Go's JSON (empty lists are null). */
function injectionStatus(spec: Json, revision: string): string {
  const names = (list: Json[] | undefined) => (list && list.length ? list.map(c => c.name) : null);
  return JSON.stringify({
    initContainers: names(spec.initContainers),
    containers: names(spec.containers),
    volumes: names(spec.volumes),
    imagePullSecrets: names(spec.imagePullSecrets),
    revision: revision || 'default',
  });
}

/** Moves the named container of `spec[field]` to the front or the back. */
function move(spec: Json, field: 'containers' | 'initContainers', name: string, first: boolean): void {
  const list: Json[] | undefined = spec[field];
  const match = list?.find(c => c.name === name);
  if (!list || !match) return;
  const rest = list.filter(c => c !== match);
  spec[field] = first ? [match, ...rest] : [...rest, match];
}

/** Proxy last among containers (first when holding the application); init containers as Istio orders them. */
function reorder(spec: Json, options: PodOptions): void {
  move(spec, 'containers', PROXY_CONTAINER, options.holdApplication);
  if (findContainer(spec.initContainers, PROXY_CONTAINER)) {
    // native sidecar: istio-init (or istio-validation), then the proxy, then the application's init containers
    for (const name of ['enable-core-dump', PROXY_CONTAINER, 'istio-validation', 'istio-init']) move(spec, 'initContainers', name, true);
  } else {
    // classic: traffic capture is set up last so the application's init containers still reach the network
    move(spec, 'initContainers', 'istio-validation', true);
    move(spec, 'initContainers', 'istio-init', false);
    move(spec, 'initContainers', 'enable-core-dump', false);
  }
}

/** What the Go round trip does to a pod spec: empty `resources`, canonical quantities, no empty lists or env values. */
function normalize(spec: Json): void {
  for (const field of ['initContainers', 'containers', 'volumes']) {
    if (Array.isArray(spec[field]) && spec[field].length === 0) delete spec[field];
  }
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    if (!isObject(c)) continue;
    c.resources = isObject(c.resources) ? c.resources : {};
    for (const group of ['limits', 'requests']) {
      const r = c.resources[group];
      if (!isObject(r)) continue;
      for (const k of Object.keys(r)) r[k] = canonicalQuantity(r[k]) ?? r[k];
    }
    for (const e of Array.isArray(c.env) ? c.env : []) {
      if (isObject(e) && e.value === '') delete e.value;
    }
  }
}
