/**
 * Test harness: validate synthesized manifests.
 *
 * - every object is validated against its schema from `kubernetes-models`
 *   (Kubernetes kinds) or `@kubernetes-models/istio` (Istio kinds); a kind
 *   without a known schema is an error
 * - generic Kubernetes checks kubernetes-models does not do (names, labels,
 *   annotations, selectors, undefined/null values, duplicates)
 * - STRICT mode: when `ISTIO_CRDS` names a CRD YAML file (e.g. Istio's
 *   crd-all.gen.yaml), Istio objects are also validated against their CRD's
 *   openAPIV3Schema including all CEL rules (see crd-validator.ts)
 */
import { readFileSync } from 'node:fs';
import { App, Chart, Testing } from 'cdk8s';
import { describeObject, parseCrdYaml, splitApiVersion, validateAgainstCrds } from './crd-validator';
import { ARGO_ROLLOUT_API_VERSION, ARGO_ROLLOUT_SCHEMA } from '../../src/imports/argo-rollouts-schema';
import { FLAGGER_CANARY_API_VERSION, FLAGGER_CANARY_SCHEMA } from '../../src/imports/flagger-schema';

export { describeObject, validateAgainstCrds, parseCrdYaml } from './crd-validator';

/* ------------------------------------------------------------------ */
/* schema lookup                                                       */
/* ------------------------------------------------------------------ */

/** Validator for one object; returns problems (paths relative to the object). */
export type SchemaValidator = (obj: any) => string[];

/**
 * Extra packages (same layout as kubernetes-models: `<pkg>/<group>/<version>/<Kind>`)
 * for API groups that kubernetes-models itself does not cover. A package that
 * is not installed simply yields "no schema" for its kinds.
 */
const GROUP_PACKAGES: Array<[RegExp, string]> = [
  [/(^|\.)istio\.io$/, '@kubernetes-models/istio'],
  [/^gateway\.networking\.(x-)?k8s\.io$/, '@kubernetes-models/gateway-api'],
];

const customSchemas = new Map<string, SchemaValidator>();

/**
 * CRDs whose schema the repository carries (written into src/imports/ by the import scripts, e.g.
 * scripts/import-flagger-crds.sh, scripts/import-argo-rollouts-crds.sh): objects of their kinds are validated against the whole
 * openAPIV3Schema (types, enums, required fields, oneOf, patterns, ranges, CEL rules, unknown fields).
 */
export const BUNDLED_CRDS: any[] = [
  bundledCrd(FLAGGER_CANARY_API_VERSION, 'Canary', FLAGGER_CANARY_SCHEMA),
  bundledCrd(ARGO_ROLLOUT_API_VERSION, 'Rollout', ARGO_ROLLOUT_SCHEMA),
];

function bundledCrd(apiVersion: string, kind: string, schema: any): any {
  const { group, version } = splitApiVersion(apiVersion);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.toLowerCase()}s.${group}` },
    spec: { group, names: { kind }, scope: 'Namespaced', versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: schema } }] },
  };
}

/** Whether an object is of a kind of BUNDLED_CRDS. */
function isBundled(obj: any): boolean {
  const { group } = splitApiVersion(obj.apiVersion);
  return BUNDLED_CRDS.some(c => c.spec.group === group && c.spec.names.kind === obj.kind);
}

/** The problems of an object of a bundled CRD's kind, as paths in the object. */
export async function bundledCrdProblems(obj: any): Promise<string[]> {
  const label = describeObject(obj, 0);
  return (await validateAgainstCrds([obj], BUNDLED_CRDS)).map(p => p.startsWith(`${label}: `) ? p.slice(label.length + 2) : p);
}
const modelCache = new Map<string, Promise<SchemaValidator | undefined>>();

/** Registers a validator for a kind that has no kubernetes-models schema (e.g. a CRD of your own). */
export function registerSchema(apiVersion: string, kind: string, validator: SchemaValidator): void {
  customSchemas.set(`${apiVersion}|${kind}`, validator);
}

/** The module paths that may hold the model of `apiVersion`/`kind`, most likely first. */
export function schemaModuleCandidates(apiVersion: string, kind: string): string[] {
  const { group, version } = splitApiVersion(apiVersion);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind) || !/^v\d+((alpha|beta)\d+)?$/.test(version) || !/^([a-z0-9-]+\.)*[a-z0-9-]*$/.test(group)) {
    return [];
  }
  if (group === '') return [`kubernetes-models/${version}/${kind}`];
  const pkg = GROUP_PACKAGES.find(([re]) => re.test(group));
  if (pkg) return [`${pkg[1]}/${group}/${version}/${kind}`];
  return [`kubernetes-models/${group}/${version}/${kind}`];
}

function isModuleNotFound(e: any): boolean {
  const code = e?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return true;
  return /Cannot find (module|package)|is not defined by "exports"/.test(String(e?.message ?? ''));
}

function jsonPointerToPath(ptr: string): string {
  if (!ptr) return '<root>';
  return ptr.split('/').slice(1).map(s => s.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((acc, seg) => {
    if (/^\d+$/.test(seg)) return `${acc}[${seg}]`;
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) return `${acc}[${JSON.stringify(seg)}]`;
    return acc === '' ? seg : `${acc}.${seg}`;
  }, '');
}

function formatAjvError(err: any): string {
  let msg = `${jsonPointerToPath(err.instancePath ?? '')}: ${err.message ?? err.keyword}`;
  const params = err.params ?? {};
  if (err.keyword === 'enum' && Array.isArray(params.allowedValues)) msg += ` (${params.allowedValues.map((v: any) => JSON.stringify(v)).join(', ')})`;
  if (err.keyword === 'additionalProperties' && params.additionalProperty) msg += ` (${JSON.stringify(params.additionalProperty)})`;
  if (err.keyword === 'oneOf' && Array.isArray(params.passingSchemas)) msg += ` (branches ${params.passingSchemas.join(' and ')} all match)`;
  return msg;
}

async function loadModel(apiVersion: string, kind: string): Promise<SchemaValidator | undefined> {
  for (const path of schemaModuleCandidates(apiVersion, kind)) {
    let mod: any;
    try {
      mod = await import(path);
    } catch (e) {
      if (isModuleNotFound(e)) continue;
      throw e;
    }
    const Model = Object.values(mod).find((x: any) =>
      typeof x === 'function' && x.apiVersion === apiVersion && x.kind === kind && typeof x.prototype?.validate === 'function') as any;
    if (!Model) continue;
    return (obj: any) => {
      try {
        new Model(obj).validate();
        return [];
      } catch (e: any) {
        if (Array.isArray(e?.errors)) return [...new Set<string>(e.errors.map(formatAjvError))];
        return [String(e?.message ?? e)];
      }
    };
  }
  return undefined;
}

/** The schema validator for a kind, or undefined when none is known. Modules are loaded once and cached. */
export async function schemaFor(apiVersion: string, kind: string): Promise<SchemaValidator | undefined> {
  const custom = customSchemas.get(`${apiVersion}|${kind}`);
  if (custom) return custom;
  const key = `${apiVersion}|${kind}`;
  let p = modelCache.get(key);
  if (!p) {
    p = loadModel(apiVersion, kind);
    modelCache.set(key, p);
  }
  return p;
}

/* ------------------------------------------------------------------ */
/* generic Kubernetes checks                                            */
/* ------------------------------------------------------------------ */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Kinds whose names must be DNS-1035 labels (Kubernetes: Service) or DNS-1123 labels (Namespace). */
const NAME_RULES: Record<string, 'dns1035' | 'dns1123label' | 'path'> = {
  Service: 'dns1035',
  Namespace: 'dns1123label',
  // RBAC names only need to be valid path segments (e.g. "system:foo" is fine)
  Role: 'path',
  ClusterRole: 'path',
  RoleBinding: 'path',
  ClusterRoleBinding: 'path',
};

function nameProblem(kind: string, name: string): string | undefined {
  const rule = NAME_RULES[kind];
  if (rule === 'path') {
    if (name === '.' || name === '..' || /[/%]/.test(name)) return `${JSON.stringify(name)} is not a valid path segment name`;
    return undefined;
  }
  if (rule === 'dns1035') {
    if (name.length > 63 || !DNS1035_LABEL.test(name)) {
      return `${JSON.stringify(name)} is not a valid DNS-1035 label (at most 63 lower case alphanumerics or '-', starting with a letter and ending with an alphanumeric)`;
    }
    return undefined;
  }
  if (rule === 'dns1123label') {
    if (name.length > 63 || !DNS1123_LABEL.test(name)) {
      return `${JSON.stringify(name)} is not a valid DNS-1123 label (at most 63 lower case alphanumerics or '-', starting and ending with an alphanumeric)`;
    }
    return undefined;
  }
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return `${JSON.stringify(name)} is not a valid DNS-1123 subdomain (at most 253 lower case alphanumerics, '-' or '.', starting and ending with an alphanumeric)`;
  }
  return undefined;
}

function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'may contain at most one "/"';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) return 'prefix part must not be empty';
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return `prefix ${JSON.stringify(prefix)} must be a DNS-1123 subdomain`;
  }
  if (name.length === 0) return 'name part must not be empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name)) return "name part must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  return undefined;
}

function checkLabelMap(map: any, path: string, out: string[]): void {
  if (map === undefined || map === null) return;
  if (typeof map !== 'object' || Array.isArray(map)) {
    out.push(`${path}: must be a map of strings`);
    return;
  }
  for (const [k, v] of Object.entries(map)) {
    const kp = qualifiedNameProblem(k);
    if (kp) out.push(`${path}: invalid label key ${JSON.stringify(k)}: ${kp}`);
    if (typeof v !== 'string') {
      out.push(`${path}[${JSON.stringify(k)}]: label value must be a string, got ${typeof v} ${JSON.stringify(v)}`);
    } else if (v.length > 63 || !LABEL_VALUE.test(v)) {
      out.push(`${path}[${JSON.stringify(k)}]: invalid label value ${JSON.stringify(v)}: must be 63 characters or less, empty or alphanumerics, '-', '_' or '.' starting and ending with an alphanumeric`);
    }
  }
}

function checkAnnotations(map: any, path: string, out: string[]): void {
  if (map === undefined || map === null) return;
  if (typeof map !== 'object' || Array.isArray(map)) {
    out.push(`${path}: must be a map of strings`);
    return;
  }
  let size = 0;
  for (const [k, v] of Object.entries(map)) {
    const kp = qualifiedNameProblem(k.toLowerCase());
    if (kp) out.push(`${path}: invalid annotation key ${JSON.stringify(k)}: ${kp}`);
    if (typeof v !== 'string') out.push(`${path}[${JSON.stringify(k)}]: annotation value must be a string, got ${typeof v} ${JSON.stringify(v)}`);
    size += Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : '');
  }
  if (size > ANNOTATIONS_MAX_BYTES) out.push(`${path}: annotations total ${size} bytes, more than the limit of ${ANNOTATIONS_MAX_BYTES}`);
}

/** undefined / null / NaN / functions anywhere in the object. */
function checkValues(v: any, path: string, out: string[]): void {
  const p = path === '' ? '<root>' : path;
  if (v === undefined) { out.push(`${p}: value is undefined`); return; }
  if (v === null) { out.push(`${p}: value is null`); return; }
  switch (typeof v) {
    case 'number':
      if (!Number.isFinite(v)) out.push(`${p}: value is ${v}`);
      return;
    case 'string': case 'boolean':
      return;
    case 'object':
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) checkValues(v[i], `${path}[${i}]`, out);
        return;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) {
        out.push(`${p}: value is a ${v.constructor?.name ?? 'non-plain object'}, not plain JSON`);
        return;
      }
      for (const [k, x] of Object.entries(v)) {
        checkValues(x, /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? (path === '' ? k : `${path}.${k}`) : `${path}[${JSON.stringify(k)}]`, out);
      }
      return;
    default:
      out.push(`${p}: value of type ${typeof v} is not JSON`);
  }
}

/**
 * Labels/annotations of nested object metadata (pod templates, jobTemplate,
 * volumeClaimTemplates) and `matchLabels` of label selectors (`selector`,
 * `*Selector`). Only those positions are checked, so that e.g. schemas inside
 * a CustomResourceDefinition are not mistaken for labels.
 */
function checkNestedLabels(v: any, path: string, parentKey: string, out: string[]): void {
  if (!v || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkNestedLabels(x, `${path}[${i}]`, /Templates$/.test(parentKey) ? 'template' : parentKey, out));
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    const p = path === '' ? k : `${path}.${k}`;
    if (k === 'metadata' && /template$/i.test(parentKey) && x && typeof x === 'object' && !Array.isArray(x)) {
      checkLabelMap((x as any).labels, `${p}.labels`, out);
      checkAnnotations((x as any).annotations, `${p}.annotations`, out);
    } else if (k === 'matchLabels' && /^selector$|Selector$/.test(parentKey)) {
      checkLabelMap(x, p, out);
    }
    checkNestedLabels(x, p, k, out);
  }
}

function selectorMatches(selector: any, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values: string[] = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

const WORKLOADS_WITH_SELECTOR = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

function genericProblems(obj: any): string[] {
  const out: string[] = [];
  checkValues(obj, '', out);
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return out;
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') out.push('apiVersion: Required value');
  if (typeof obj.kind !== 'string' || obj.kind === '') out.push('kind: Required value');
  const md = obj.metadata;
  if (!md || typeof md !== 'object' || Array.isArray(md)) {
    out.push('metadata: Required value');
    return out;
  }
  if (typeof md.name !== 'string' || md.name === '') {
    out.push('metadata.name: Required value');
  } else {
    const np = nameProblem(obj.kind, md.name);
    if (np) out.push(`metadata.name: ${np}`);
  }
  if (md.namespace !== undefined) {
    if (typeof md.namespace !== 'string' || md.namespace.length > 63 || !DNS1123_LABEL.test(md.namespace)) {
      out.push(`metadata.namespace: ${JSON.stringify(md.namespace)} is not a valid DNS-1123 label`);
    }
  }
  checkLabelMap(md.labels, 'metadata.labels', out);
  checkAnnotations(md.annotations, 'metadata.annotations', out);
  if (obj.spec && typeof obj.spec === 'object') {
    checkNestedLabels(obj.spec, 'spec', 'spec', out);
    if (obj.kind === 'Service' && obj.apiVersion === 'v1') checkLabelMap(obj.spec.selector, 'spec.selector', out);
    if (WORKLOADS_WITH_SELECTOR.has(obj.kind) && obj.spec.selector && obj.spec.template) {
      const tl = obj.spec.template?.metadata?.labels ?? {};
      if (!selectorMatches(obj.spec.selector, tl)) {
        out.push(`spec.template.metadata.labels: ${JSON.stringify(tl)} do not match spec.selector ${JSON.stringify(obj.spec.selector)}`);
      }
    }
  }
  return out;
}

/* ------------------------------------------------------------------ */
/* strict mode (ISTIO_CRDS)                                            */
/* ------------------------------------------------------------------ */

const crdFileCache = new Map<string, any[]>();

/** CRD documents from the file named by ISTIO_CRDS, or undefined when the variable is not set. */
export function crdDocsFromEnv(): any[] | undefined {
  const file = process.env.ISTIO_CRDS;
  if (!file) return undefined;
  let docs = crdFileCache.get(file);
  if (!docs) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e: any) {
      throw new Error(`ISTIO_CRDS=${file} cannot be read: ${e?.message ?? e}`);
    }
    docs = parseCrdYaml(text);
    if (docs.length === 0) throw new Error(`ISTIO_CRDS=${file} contains no CustomResourceDefinition`);
    crdFileCache.set(file, docs);
  }
  return docs;
}

/* ------------------------------------------------------------------ */
/* public API                                                          */
/* ------------------------------------------------------------------ */

export interface ValidateOptions {
  /**
   * CRD documents for strict validation. Default: the file named by the
   * ISTIO_CRDS environment variable; no strict validation when unset.
   * Pass `[]` to disable strict validation explicitly.
   */
  readonly crdDocs?: any[];
  /** Report objects with the same (API group, kind, namespace, name). Default true. */
  readonly checkDuplicates?: boolean;
}

/** All problems of all objects, each prefixed with `Kind namespace/name: `. */
export async function manifestProblems(objects: any[], options: ValidateOptions = {}): Promise<string[]> {
  if (!Array.isArray(objects)) throw new Error(`expected an array of manifest objects, got ${typeof objects}`);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i];
    const label = describeObject(obj, i);
    const add = (ps: string[]) => problems.push(...ps.map(p => `${label}: ${p}`));
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      problems.push(`object #${i}: not an object: ${JSON.stringify(obj)}`);
      continue;
    }
    add(genericProblems(obj));
    if (typeof obj.apiVersion === 'string' && typeof obj.kind === 'string') {
      const validator = isBundled(obj) ? undefined : await schemaFor(obj.apiVersion, obj.kind);
      if (isBundled(obj)) {
        add(await bundledCrdProblems(obj));
      } else if (!validator) {
        const tried = schemaModuleCandidates(obj.apiVersion, obj.kind);
        add([`no schema known for apiVersion ${obj.apiVersion} kind ${obj.kind}${tried.length ? ` (tried ${tried.join(', ')})` : ''}; use registerSchema() for custom kinds`]);
      } else {
        add(validator(obj));
      }
      if (options.checkDuplicates !== false && typeof obj.metadata?.name === 'string') {
        const key = [splitApiVersion(obj.apiVersion).group, obj.kind, obj.metadata.namespace ?? '', obj.metadata.name].join('|');
        const prev = seen.get(key);
        if (prev !== undefined) add([`duplicate object: same API group, kind, namespace and name as object #${prev}`]);
        else seen.set(key, i);
      }
    }
  }
  const crdDocs = options.crdDocs ?? crdDocsFromEnv();
  if (crdDocs && crdDocs.length > 0) {
    problems.push(...await validateAgainstCrds(objects.filter(o => o && typeof o === 'object' && !Array.isArray(o)), crdDocs));
  }
  return problems;
}

/**
 * Validates EVERY object and throws one Error listing all problems (each
 * prefixed `Kind namespace/name:`). Strict CRD/CEL validation of Istio
 * objects is added when ISTIO_CRDS names a CRD file.
 */
export async function validateManifests(objects: any[], options: ValidateOptions = {}): Promise<void> {
  const problems = await manifestProblems(objects, options);
  if (problems.length > 0) {
    throw new Error(`${problems.length} manifest problem(s) in ${objects.length} object(s):\n  - ${problems.join('\n  - ')}`);
  }
}

/** Synthesizes a chart (or every chart of an app), validates all objects and returns them. */
export async function synthValid(scope: Chart | App, options: ValidateOptions = {}): Promise<any[]> {
  const charts: Chart[] = Chart.isChart(scope) ? [scope] : (scope as App).charts;
  const objects = charts.flatMap(c => Testing.synth(c));
  await validateManifests(objects, options);
  return objects;
}

/* ------------------------------------------------------------------ */
/* selectors                                                           */
/* ------------------------------------------------------------------ */

/**
 * `kind` is `Kind`, `group/Kind` or `apiVersion/Kind`, e.g. `Gateway`,
 * `networking.istio.io/Gateway`, `networking.istio.io/v1/Gateway`, `v1/Service`.
 */
function kindMatcher(kind: string): (o: any) => boolean {
  const i = kind.lastIndexOf('/');
  if (i < 0) return o => o?.kind === kind;
  const k = kind.slice(i + 1);
  const prefix = kind.slice(0, i);
  return o => o?.kind === k && typeof o.apiVersion === 'string' &&
    (o.apiVersion === prefix || splitApiVersion(o.apiVersion).group === prefix);
}

/** All objects of a kind (see kindMatcher for the accepted forms). */
export function findAll(objects: any[], kind: string): any[] {
  return objects.filter(kindMatcher(kind));
}

/** The single object of `kind` named `name` (in `namespace` if given); throws a readable error otherwise. */
export function findObject(objects: any[], kind: string, name: string, namespace?: string): any {
  const matches = findAll(objects, kind).filter(o => o.metadata?.name === name &&
    (namespace === undefined || (o.metadata?.namespace ?? '') === namespace));
  if (matches.length === 1) return matches[0];
  const wanted = `${kind} ${namespace !== undefined ? `${namespace}/` : ''}${name}`;
  const existing = objects.map(o => `    ${o?.apiVersion ?? '?'} ${describeObject(o)}`).join('\n') || '    (none)';
  if (matches.length === 0) throw new Error(`${wanted} not found; the ${objects.length} object(s) are:\n${existing}`);
  throw new Error(`${wanted} is ambiguous: ${matches.length} objects match (${matches.map(o => `${o.apiVersion} ${describeObject(o)}`).join('; ')})`);
}

/**
 * The message of a synthesis that is expected to fail (validation errors of the whole app,
 * reported together); fails the test when synthesis succeeds.
 */
export function synthErrors(chart: Chart): string {
  try {
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synthesis succeeded, expected it to fail');
}

/** The problems synthesis reports, one per line, without cdk8s' header. */
export async function synthProblems(chart: Chart): Promise<string[]> {
  try {
    await synthValid(chart);
  } catch (e) {
    const message = (e as Error).message;
    const header = 'Validation failed with the following errors:\n';
    if (!message.startsWith(header)) {
      throw e;
    }
    return message.slice(header.length).split('\n').map(l => l.trim());
  }
  throw new Error('synthesis succeeded, expected it to fail');
}

/** For `toThrow`: the whole message must be equal, not merely contained. */
export function exactly(message: string): Error {
  return new Error(message);
}

/** The message of the error `f` throws (fails when it throws none). */
export function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error thrown');
}
