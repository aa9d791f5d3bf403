/**
 * Strict validation of custom resources against the `openAPIV3Schema` of
 * their CustomResourceDefinition, approximating what the Kubernetes API
 * server does on create with `--validate=strict` (strict field validation):
 *
 * - unknown fields (pruning would drop them; strict mode rejects them)
 * - type, enum, required, nullable, int-or-string
 * - oneOf / anyOf / allOf / not with structural-schema semantics
 * - minimum / maximum / exclusive*, multipleOf, minLength / maxLength,
 *   minItems / maxItems, uniqueItems, minProperties / maxProperties, pattern
 * - simple formats (int32, int64, byte, date-time, date, uuid, ipv4, ipv6,
 *   cidr, hostname, duration, uri)
 * - x-kubernetes-list-type set / map uniqueness
 * - every `x-kubernetes-validations` CEL rule (transition rules that use
 *   `oldSelf` are skipped: they do not run on create)
 *
 * Everything here is test tooling: it never reads files itself; callers pass
 * the parsed CRD documents.
 */
import { BlockList, isIP as netIsIP } from 'node:net';
import * as YAML from 'yaml';

/* ------------------------------------------------------------------ */
/* shared helpers                                                      */
/* ------------------------------------------------------------------ */

/** `Kind namespace/name` (or `Kind name` when there is no namespace). */
export function describeObject(obj: any, index?: number): string {
  const kind = obj && typeof obj === 'object' && typeof obj.kind === 'string' ? obj.kind : '<no kind>';
  const md = obj && typeof obj === 'object' && obj.metadata && typeof obj.metadata === 'object' ? obj.metadata : {};
  const name = typeof md.name === 'string' && md.name !== '' ? md.name : (index !== undefined ? `<no name #${index}>` : '<no name>');
  const ns = typeof md.namespace === 'string' && md.namespace !== '' ? `${md.namespace}/` : '';
  return `${kind} ${ns}${name}`;
}

/** Splits `apiVersion` into group ('' for the core group) and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Parses a (multi-document) YAML text and returns the CustomResourceDefinition documents in it. */
export function parseCrdYaml(text: string): any[] {
  const docs = YAML.parseAllDocuments(text);
  const out: any[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new Error(`invalid CRD YAML: ${doc.errors[0].message}`);
    }
    const js = doc.toJS();
    if (js && js.kind === 'CustomResourceDefinition') out.push(js);
  }
  return out;
}

function typeName(v: any): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function show(v: any): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function deepEqual(a: any, b: any): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every(k => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

/* ------------------------------------------------------------------ */
/* formats                                                             */
/* ------------------------------------------------------------------ */

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

function isIPString(s: string): number {
  if (s.includes('%')) return 0; // zones are not accepted by Kubernetes' isIP()
  return netIsIP(s);
}

function isCIDRString(s: string): boolean {
  const i = s.indexOf('/');
  if (i < 0) return false;
  const fam = isIPString(s.slice(0, i));
  const len = s.slice(i + 1);
  if (!fam || !/^\d{1,3}$/.test(len)) return false;
  return Number(len) <= (fam === 4 ? 32 : 128);
}

/** Returns an error message, or undefined when the value satisfies the format (unknown formats pass, as in Kubernetes). */
function checkFormat(format: string, value: any): string | undefined {
  if (typeof value === 'number') {
    if (format === 'int32' && Number.isInteger(value) && (value < -2147483648 || value > 2147483647)) {
      return `${value} is out of range for format int32`;
    }
    if (format === 'int64' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
      return `${value} cannot be represented exactly (format int64)`;
    }
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const ok = (() => {
    switch (format) {
      case 'byte': return BASE64.test(value);
      case 'date-time': case 'datetime': return RFC3339.test(value) && !isNaN(Date.parse(value.replace(' ', 'T')));
      case 'date': return /^\d{4}-\d{2}-\d{2}$/.test(value) && !isNaN(Date.parse(value));
      case 'uuid': case 'uuid3': case 'uuid4': case 'uuid5': return UUID.test(value);
      case 'ipv4': return isIPString(value) === 4;
      case 'ipv6': return isIPString(value) === 6;
      case 'cidr': return isCIDRString(value);
      case 'hostname': return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
      case 'duration': return GO_DURATION.test(value);
      case 'uri': try { new URL(value); return true; } catch { return false; }
      default: return true;
    }
  })();
  return ok ? undefined : `${show(value)} is not a valid ${format}`;
}

/* ------------------------------------------------------------------ */
/* CEL environment with the Kubernetes extension libraries              */
/* ------------------------------------------------------------------ */

class CelURL {
  constructor(readonly scheme: string, readonly host: string, readonly hostname: string, readonly port: string,
    readonly escapedPath: string, readonly query: string) {}
}
class CelIP {
  constructor(readonly address: string, readonly family: number) {}
}
class CelCIDR {
  constructor(readonly ip: CelIP, readonly prefix: number) {}
}

function parseK8sURL(s: string): CelURL | undefined {
  // Kubernetes' url() accepts absolute URIs and absolute paths (Go url.ParseRequestURI).
  if (s.startsWith('/')) {
    if (/\s/.test(s)) return undefined;
    const q = s.indexOf('?');
    return new CelURL('', '', '', '', q < 0 ? s : s.slice(0, q), q < 0 ? '' : s.slice(q + 1));
  }
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) || /\s/.test(s)) return undefined;
  try {
    const u = new URL(s);
    const hostname = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
    return new CelURL(u.protocol.replace(/:$/, ''), u.host, hostname, u.port, u.pathname, u.search.replace(/^\?/, ''));
  } catch {
    return undefined;
  }
}

function parseIP(s: string): CelIP | undefined {
  const fam = isIPString(s);
  return fam ? new CelIP(s, fam) : undefined;
}

function parseCIDR(s: string): CelCIDR | undefined {
  if (!isCIDRString(s)) return undefined;
  const i = s.indexOf('/');
  return new CelCIDR(parseIP(s.slice(0, i))!, Number(s.slice(i + 1)));
}

function cidrContains(c: CelCIDR, ip: CelIP): boolean {
  if (c.ip.family !== ip.family) return false;
  const bl = new BlockList();
  const type = c.ip.family === 4 ? 'ipv4' : 'ipv6';
  bl.addSubnet(c.ip.address, c.prefix, type);
  return bl.check(ip.address, type);
}

function celCompare(a: any, b: any): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return x < y ? -1 : x > y ? 1 : 0;
}

function fail(msg: string): never {
  throw new Error(msg);
}

let celEnvPromise: Promise<any> | undefined;

/** Lazily builds (once) the cel-js Environment with the Kubernetes CEL libraries that cel-js lacks. */
export function getCelEnvironment(): Promise<any> {
  if (!celEnvPromise) {
    celEnvPromise = (async () => {
      const cel: any = await import('@marcbachmann/cel-js');
      const env = new cel.Environment({
        unlistedVariablesAreDyn: true,
        homogeneousAggregateLiterals: false,
        enableOptionalTypes: true,
      });
      const defs: Array<[string, (...a: any[]) => any]> = [
        // Kubernetes URL library
        ['isURL(string): bool', (s: string) => parseK8sURL(s) !== undefined],
        ['url(string): URL', (s: string) => parseK8sURL(s) ?? fail(`URL parse error during conversion from string: ${s}`)],
        ['URL.getScheme(): string', (u: CelURL) => u.scheme],
        ['URL.getHost(): string', (u: CelURL) => u.host],
        ['URL.getHostname(): string', (u: CelURL) => u.hostname],
        ['URL.getPort(): string', (u: CelURL) => u.port],
        ['URL.getEscapedPath(): string', (u: CelURL) => u.escapedPath],
        ['URL.getQuery(): map', (u: CelURL) => {
          const m: Record<string, string[]> = {};
          for (const [k, v] of new URLSearchParams(u.query)) (m[k] ??= []).push(v);
          return m;
        }],
        // Kubernetes IP / CIDR libraries
        ['isIP(string): bool', (s: string) => parseIP(s) !== undefined],
        ['ip(string): IP', (s: string) => parseIP(s) ?? fail(`IP Address ${JSON.stringify(s)} parse error during conversion from string`)],
        ['IP.family(): int', (i: CelIP) => BigInt(i.family)],
        ['IP.isLoopback(): bool', (i: CelIP) => (i.family === 4 ? i.address.startsWith('127.') : i.address === '::1')],
        ['IP.isUnspecified(): bool', (i: CelIP) => (i.family === 4 ? i.address === '0.0.0.0' : i.address === '::')],
        ['isCIDR(string): bool', (s: string) => parseCIDR(s) !== undefined],
        ['cidr(string): CIDR', (s: string) => parseCIDR(s) ?? fail(`network address parse error during conversion from string: ${s}`)],
        ['CIDR.prefixLength(): int', (c: CelCIDR) => BigInt(c.prefix)],
        ['CIDR.ip(): IP', (c: CelCIDR) => c.ip],
        ['CIDR.containsIP(string): bool', (c: CelCIDR, s: string) => cidrContains(c, parseIP(s) ?? fail(`invalid IP ${s}`))],
        ['CIDR.containsIP(IP): bool', (c: CelCIDR, i: CelIP) => cidrContains(c, i)],
        ['CIDR.containsCIDR(string): bool', (c: CelCIDR, s: string) => {
          const o = parseCIDR(s) ?? fail(`invalid CIDR ${s}`);
          return o.prefix >= c.prefix && cidrContains(c, o.ip);
        }],
        // Kubernetes / cel-go strings extension (parts cel-js lacks)
        ['string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b)],
        ['string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
          let out = s;
          let count = Number(n);
          if (count < 0) return s.split(a).join(b);
          let from = 0;
          while (count-- > 0) {
            const i = out.indexOf(a, from);
            if (i < 0) break;
            out = out.slice(0, i) + b + out.slice(i + a.length);
            from = i + b.length;
          }
          return out;
        }],
        ['string.charAt(int): string', (s: string, i: bigint) => [...s][Number(i)] ?? ''],
        ['string.reverse(): string', (s: string) => [...s].reverse().join('')],
        // Kubernetes regex library
        ['string.find(string): string', (s: string, re: string) => new RegExp(re).exec(s)?.[0] ?? ''],
        ['string.findAll(string): list<string>', (s: string, re: string) => [...s.matchAll(new RegExp(re, 'g'))].map(m => m[0])],
        ['string.findAll(string, int): list<string>', (s: string, re: string, n: bigint) => {
          const all = [...s.matchAll(new RegExp(re, 'g'))].map(m => m[0]);
          return Number(n) < 0 ? all : all.slice(0, Number(n));
        }],
        // Kubernetes lists library
        ['list.isSorted(): bool', (l: any[]) => l.every((x, i) => i === 0 || celCompare(l[i - 1], x) <= 0)],
        ['list.sum(): dyn', (l: any[]) => (l.length === 0 ? 0n : l.reduce((a, b) => a + b))],
        ['list.min(): dyn', (l: any[]) => (l.length === 0 ? fail('min called on empty list') : l.reduce((a, b) => (celCompare(b, a) < 0 ? b : a)))],
        ['list.max(): dyn', (l: any[]) => (l.length === 0 ? fail('max called on empty list') : l.reduce((a, b) => (celCompare(b, a) > 0 ? b : a)))],
        ['list.indexOf(dyn): int', (l: any[], v: any) => BigInt(l.findIndex(x => celCompare(x, v) === 0 && typeof x === typeof v))],
        ['list.lastIndexOf(dyn): int', (l: any[], v: any) => {
          for (let i = l.length - 1; i >= 0; i--) if (typeof l[i] === typeof v && celCompare(l[i], v) === 0) return BigInt(i);
          return -1n;
        }],
      ];
      env.registerType('URL', CelURL).registerType('IP', CelIP).registerType('CIDR', CelCIDR);
      for (const [sig, fn] of defs) env.registerFunction(sig, fn);
      return env;
    })();
  }
  return celEnvPromise;
}

/* ------------------------------------------------------------------ */
/* schema -> CEL value conversion                                      */
/* ------------------------------------------------------------------ */

const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for',
  'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** Kubernetes' escaping of property names for CEL field access. */
export function escapeCelPropertyName(name: string): string {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  return name
    .replace(/__/g, '__underscores__')
    .replace(/\./g, '__dot__')
    .replace(/-/g, '__dash__')
    .replace(/\//g, '__slash__');
}

function toCelGeneric(v: any): any {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCelGeneric);
  if (v && typeof v === 'object') {
    const o: Record<string, any> = {};
    for (const [k, x] of Object.entries(v)) o[k] = toCelGeneric(x);
    return o;
  }
  return v;
}

function toCel(schema: any, v: any): any {
  if (v === null || v === undefined || !schema || typeof schema !== 'object') return toCelGeneric(v);
  if (schema['x-kubernetes-int-or-string']) return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
  switch (schema.type) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
    case 'number':
      return v;
    case 'string':
      if (typeof v === 'string' && (schema.format === 'date-time' || schema.format === 'datetime')) {
        const d = new Date(v);
        return isNaN(d.getTime()) ? v : d;
      }
      if (typeof v === 'string' && schema.format === 'byte') return new Uint8Array(Buffer.from(v, 'base64'));
      return v;
    case 'array':
      return Array.isArray(v) ? v.map(x => toCel(schema.items, x)) : v;
    case 'object': {
      if (typeof v !== 'object' || Array.isArray(v)) return v;
      const out: Record<string, any> = {};
      for (const [k, x] of Object.entries(v)) {
        if (schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, k)) {
          out[escapeCelPropertyName(k)] = toCel(schema.properties[k], x);
        } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
          out[k] = toCel(schema.additionalProperties, x);
        } else {
          out[k] = toCelGeneric(x);
        }
      }
      return out;
    }
    default:
      return toCelGeneric(v);
  }
}

/* ------------------------------------------------------------------ */
/* the validator                                                       */
/* ------------------------------------------------------------------ */

interface CrdVersionInfo {
  served: boolean;
  schema: any;
}
interface CrdIndex {
  /** `group/Kind` -> version -> info */
  byGroupKind: Map<string, Map<string, CrdVersionInfo>>;
  groups: Set<string>;
}

const indexCache = new WeakMap<any[], CrdIndex>();

function buildIndex(crdDocs: any[]): CrdIndex {
  const cached = indexCache.get(crdDocs);
  if (cached) return cached;
  const idx: CrdIndex = { byGroupKind: new Map(), groups: new Set() };
  for (const crd of crdDocs) {
    if (!crd || crd.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
    const { group, names, versions } = crd.spec;
    idx.groups.add(group);
    const key = `${group}/${names.kind}`;
    const m = idx.byGroupKind.get(key) ?? new Map<string, CrdVersionInfo>();
    for (const v of versions ?? []) {
      m.set(v.name, { served: v.served !== false, schema: v.schema?.openAPIV3Schema ?? crd.spec.validation?.openAPIV3Schema });
    }
    idx.byGroupKind.set(key, m);
  }
  indexCache.set(crdDocs, idx);
  return idx;
}

export interface CrdValidationOptions {
  /**
   * Objects whose API group satisfies this predicate MUST have a CRD among
   * `crdDocs` (otherwise it is a problem). Objects of groups that some CRD in
   * `crdDocs` declares always need a matching CRD too. Objects of any other
   * group are ignored. Default: groups ending in `istio.io`.
   */
  readonly requireCrdForGroup?: (group: string) => boolean;
}

interface Ctx {
  readonly problems: string[];
  readonly env: any;
  /** inside oneOf/anyOf/allOf/not: only value validations, no pruning/CEL */
  readonly branch: boolean;
}

const compiledRules = new Map<string, { fn?: (ctx: any) => any; error?: string }>();

function compileRule(env: any, rule: string): { fn?: (ctx: any) => any; error?: string } {
  let c = compiledRules.get(rule);
  if (!c) {
    try {
      c = { fn: env.parse(rule) };
    } catch (e: any) {
      c = { error: firstLine(e?.message ?? String(e)) };
    }
    compiledRules.set(rule, c);
  }
  return c;
}

function firstLine(s: string): string {
  return String(s).split('\n')[0];
}

function typeMatches(type: string, v: any): boolean {
  switch (type) {
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    default: return true;
  }
}

/** Names that the `required` lists inside a junctor mention (for readable oneOf messages). */
function requiredNamesIn(schemas: any[], acc = new Set<string>()): Set<string> {
  for (const s of schemas ?? []) {
    if (!s || typeof s !== 'object') continue;
    for (const r of s.required ?? []) acc.add(r);
    for (const k of ['oneOf', 'anyOf', 'allOf']) if (s[k]) requiredNamesIn(s[k], acc);
    if (s.not) requiredNamesIn([s.not], acc);
  }
  return acc;
}

function branchMatches(schema: any, v: any, path: string, ctx: Ctx): boolean {
  const sub: Ctx = { problems: [], env: ctx.env, branch: true };
  checkNode(schema, v, path, sub, false);
  return sub.problems.length === 0;
}

function checkNode(schema: any, v: any, path: string, ctx: Ctx, isRoot: boolean): void {
  if (!schema || typeof schema !== 'object') return;
  const p = path === '' ? '<root>' : path;
  const report = (msg: string) => ctx.problems.push(`${p}: ${msg}`);

  if (v === null) {
    if (!schema.nullable) report('must not be null (the API server would prune it)');
    return;
  }

  // ---- type ----
  let typeOk = true;
  if (schema['x-kubernetes-int-or-string']) {
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))) {
      report(`must be an integer or a string, got ${typeName(v)} ${show(v)}`);
      typeOk = false;
    }
  } else if (schema.type && !typeMatches(schema.type, v)) {
    report(`must be of type ${schema.type}, got ${typeName(v)} ${show(v)}`);
    typeOk = false;
  }
  if (!typeOk) return;

  // ---- enum ----
  if (Array.isArray(schema.enum) && !schema.enum.some((e: any) => deepEqual(e, v))) {
    report(`unsupported value ${show(v)}; supported values: ${schema.enum.map(show).join(', ')}`);
  }

  // ---- scalars ----
  if (typeof v === 'number') {
    if (typeof schema.minimum === 'number') {
      if (schema.exclusiveMinimum === true ? v <= schema.minimum : v < schema.minimum) {
        report(`must be ${schema.exclusiveMinimum === true ? '>' : '>='} ${schema.minimum}, got ${v}`);
      }
    }
    if (typeof schema.maximum === 'number') {
      if (schema.exclusiveMaximum === true ? v >= schema.maximum : v > schema.maximum) {
        report(`must be ${schema.exclusiveMaximum === true ? '<' : '<='} ${schema.maximum}, got ${v}`);
      }
    }
    if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) {
      const q = v / schema.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) report(`must be a multiple of ${schema.multipleOf}, got ${v}`);
    }
  }
  if (typeof v === 'string') {
    const len = [...v].length;
    if (typeof schema.minLength === 'number' && len < schema.minLength) {
      report(`must be at least ${schema.minLength} characters long, got ${len} (${show(v)})`);
    }
    if (typeof schema.maxLength === 'number' && len > schema.maxLength) {
      report(`must be at most ${schema.maxLength} characters long, got ${len}`);
    }
    if (typeof schema.pattern === 'string') {
      let re: RegExp | undefined;
      try {
        re = new RegExp(schema.pattern, 'u');
      } catch {
        try { re = new RegExp(schema.pattern); } catch { report(`[validator] cannot compile pattern ${show(schema.pattern)}`); }
      }
      if (re && !re.test(v)) report(`${show(v)} does not match pattern ${show(schema.pattern)}`);
    }
  }
  if (typeof schema.format === 'string') {
    const err = checkFormat(schema.format, v);
    if (err) report(err);
  }

  // ---- arrays ----
  if (Array.isArray(v)) {
    if (typeof schema.minItems === 'number' && v.length < schema.minItems) report(`must have at least ${schema.minItems} items, got ${v.length}`);
    if (typeof schema.maxItems === 'number' && v.length > schema.maxItems) report(`must have at most ${schema.maxItems} items, got ${v.length}`);
    const listType = schema['x-kubernetes-list-type'];
    if (schema.uniqueItems === true || listType === 'set') {
      for (let i = 0; i < v.length; i++) {
        for (let j = 0; j < i; j++) {
          if (deepEqual(v[i], v[j])) { report(`duplicate item at [${i}] (same as [${j}]): ${show(v[i])}`); break; }
        }
      }
    }
    if (listType === 'map' && Array.isArray(schema['x-kubernetes-list-map-keys'])) {
      const keys: string[] = schema['x-kubernetes-list-map-keys'];
      const seen = new Map<string, number>();
      v.forEach((item, i) => {
        if (!item || typeof item !== 'object') return;
        const k = JSON.stringify(keys.map(key => item[key] ?? null));
        if (seen.has(k)) report(`duplicate entry at [${i}] (same ${keys.join('/')} as [${seen.get(k)}]): ${k}`);
        else seen.set(k, i);
      });
    }
    if (schema.items && typeof schema.items === 'object') {
      v.forEach((item, i) => checkNode(schema.items, item, `${path}[${i}]`, ctx, false));
    }
  }

  // ---- objects ----
  if (typeof v === 'object' && !Array.isArray(v)) {
    const props: Record<string, any> | undefined = schema.properties;
    const keys = Object.keys(v);
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) {
      report(`must have at least ${schema.minProperties} properties, got ${keys.length}`);
    }
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) {
      report(`must have at most ${schema.maxProperties} properties, got ${keys.length}`);
    }
    for (const r of schema.required ?? []) {
      if (!(r in v) || v[r] === undefined) ctx.problems.push(`${childPath(path, r)}: Required value`);
    }
    const implicit = isRoot || schema['x-kubernetes-embedded-resource'] ? ['apiVersion', 'kind', 'metadata'] : [];
    const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
    const addl = schema.additionalProperties;
    for (const k of keys) {
      const cp = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? childPath(path, k) : `${path}[${JSON.stringify(k)}]`;
      const x = v[k];
      if (implicit.includes(k) && !(props && k in props && k !== 'metadata')) {
        // apiVersion/kind/metadata are validated by the API machinery itself.
        continue;
      }
      if (props && Object.prototype.hasOwnProperty.call(props, k)) {
        checkNode(props[k], x, cp, ctx, false);
      } else if (addl && typeof addl === 'object') {
        checkNode(addl, x, `${path}[${JSON.stringify(k)}]`, ctx, false);
      } else if (addl === false && !ctx.branch) {
        ctx.problems.push(`${cp}: unknown field (additionalProperties: false)`);
      } else if (!ctx.branch && !preserve && addl !== true) {
        ctx.problems.push(`${cp}: unknown field`);
      }
    }
  }

  // ---- junctors (value validations only, structural-schema style) ----
  if (Array.isArray(schema.allOf)) {
    for (const s of schema.allOf) {
      const sub: Ctx = { problems: [], env: ctx.env, branch: true };
      checkNode(s, v, path, sub, false);
      ctx.problems.push(...sub.problems);
    }
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s: any) => branchMatches(s, v, path, ctx))) {
    const names = [...requiredNamesIn(schema.anyOf)];
    report(`must match at least one schema in anyOf${names.length ? ` (e.g. set one of ${names.join(', ')})` : ''}`);
  }
  if (Array.isArray(schema.oneOf)) {
    const matched = schema.oneOf.filter((s: any) => branchMatches(s, v, path, ctx)).length;
    if (matched !== 1) {
      const names = [...requiredNamesIn(schema.oneOf)];
      const present = v && typeof v === 'object' ? names.filter(n => n in v) : [];
      report(names.length
        ? `oneOf violated: at most one of [${names.join(', ')}] may be set, found [${present.join(', ')}]`
        : `must match exactly one schema in oneOf (matched ${matched})`);
    }
  }
  if (schema.not && typeof schema.not === 'object' && branchMatches(schema.not, v, path, ctx)) {
    const names = [...requiredNamesIn([schema.not])];
    report(`must not match the schema in "not"${names.length ? ` (involving ${names.join(', ')})` : ''}`);
  }

  // ---- CEL ----
  const rules = schema['x-kubernetes-validations'];
  if (!ctx.branch && Array.isArray(rules) && rules.length > 0) {
    let self: any;
    let converted = false;
    for (const r of rules) {
      if (!r || typeof r.rule !== 'string') continue;
      if (/\boldSelf\b/.test(r.rule) || r.optionalOldSelf) continue; // transition rule: not evaluated on create
      if (!converted) {
        self = toCel(schema, v);
        if (isRoot && v.metadata) {
          self.metadata = {};
          for (const k of ['name', 'generateName']) if (typeof v.metadata[k] === 'string') self.metadata[k] = v.metadata[k];
        }
        converted = true;
      }
      const rp = r.fieldPath ? `${path}${r.fieldPath.startsWith('[') ? '' : '.'}${r.fieldPath.replace(/^\./, '')}` : path;
      const where = rp === '' ? '<root>' : rp;
      const ruleText = r.rule.replace(/\s*\n\s*/g, ' ');
      const c = compileRule(ctx.env, r.rule);
      if (!c.fn) {
        ctx.problems.push(`${where}: [validator] cannot compile CEL rule ${show(r.rule)}: ${c.error}`);
        continue;
      }
      let result: any;
      try {
        result = c.fn({ self });
      } catch (e: any) {
        const msg = r.message ?? `failed rule: ${ruleText}`;
        ctx.problems.push(`${where}: ${msg} [CEL error: ${firstLine(e?.message ?? String(e))}; rule: ${ruleText}]`);
        continue;
      }
      if (result === true) continue;
      if (result !== false) {
        ctx.problems.push(`${where}: CEL rule did not return a bool (got ${show(String(result))}) [rule: ${ruleText}]`);
        continue;
      }
      let msg: string | undefined;
      if (typeof r.messageExpression === 'string') {
        const mc = compileRule(ctx.env, r.messageExpression);
        try { const m = mc.fn?.({ self }); if (typeof m === 'string' && m !== '') msg = m; } catch { /* fall back */ }
      }
      msg ??= r.message ?? `failed rule: ${ruleText}`;
      ctx.problems.push(`${where}: ${msg} [rule: ${ruleText}]`);
    }
  }
}

function defaultRequire(group: string): boolean {
  return group === 'istio.io' || group.endsWith('.istio.io');
}

/**
 * Validates every object whose API group has CRDs in `crdDocs` (or for which
 * `requireCrdForGroup` says a CRD is mandatory) against the CRD's schema for
 * the object's version. Other objects are ignored.
 *
 * @returns problems, each prefixed with `Kind namespace/name: `.
 */
export async function validateAgainstCrds(objects: any[], crdDocs: any[], options: CrdValidationOptions = {}): Promise<string[]> {
  const idx = buildIndex(crdDocs);
  const requireCrd = options.requireCrdForGroup ?? defaultRequire;
  const problems: string[] = [];
  let env: any;
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i];
    if (!obj || typeof obj !== 'object' || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') continue;
    const { group, version } = splitApiVersion(obj.apiVersion);
    if (!idx.groups.has(group) && !requireCrd(group)) continue;
    const label = describeObject(obj, i);
    const versions = idx.byGroupKind.get(`${group}/${obj.kind}`);
    if (!versions) {
      problems.push(`${label}: no CustomResourceDefinition for kind ${obj.kind} in group ${group} among the ${crdDocs.length} CRDs given`);
      continue;
    }
    const info = versions.get(version);
    if (!info || !info.served) {
      const served = [...versions].filter(([, vi]) => vi.served).map(([n]) => n);
      problems.push(`${label}: apiVersion ${obj.apiVersion} is not served by the CRD (served versions: ${served.join(', ') || 'none'})`);
      continue;
    }
    if (!info.schema) {
      problems.push(`${label}: the CRD for ${obj.apiVersion} ${obj.kind} has no openAPIV3Schema`);
      continue;
    }
    env ??= await getCelEnvironment();
    const ctx: Ctx = { problems: [], env, branch: false };
    checkNode(info.schema, obj, '', ctx, true);
    problems.push(...ctx.problems.map(p => `${label}: ${p}`));
  }
  return problems;
}

/**
 * Self-check of the validator against a set of CRDs: every CEL rule and
 * messageExpression must type-check in our CEL environment (this catches
 * Kubernetes CEL functions the validator does not implement yet) and every
 * `pattern` must compile as a JavaScript RegExp. Returns one problem per
 * unsupported rule/pattern (deduplicated), plus counts.
 */
export async function checkCrdRules(crdDocs: any[]): Promise<{ rules: number; patterns: number; problems: string[] }> {
  const env = await getCelEnvironment();
  const rules = new Map<string, string>();
  const patterns = new Map<string, string>();
  const walk = (node: any, where: string): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((x, i) => walk(x, `${where}[${i}]`));
      return;
    }
    if (typeof node.pattern === 'string' && !patterns.has(node.pattern)) patterns.set(node.pattern, where);
    for (const r of Array.isArray(node['x-kubernetes-validations']) ? node['x-kubernetes-validations'] : []) {
      for (const expr of [r?.rule, r?.messageExpression]) if (typeof expr === 'string' && !rules.has(expr)) rules.set(expr, where);
    }
    for (const [k, x] of Object.entries(node)) if (k !== 'x-kubernetes-validations' && k !== 'enum' && k !== 'example') walk(x, `${where}.${k}`);
  };
  for (const crd of crdDocs) {
    for (const v of crd?.spec?.versions ?? []) walk(v?.schema?.openAPIV3Schema, `${crd.metadata?.name}/${v?.name}`);
  }
  const problems: string[] = [];
  for (const [rule, where] of rules) {
    let err: string | undefined;
    try {
      const res = env.check(rule);
      if (!res.valid) err = firstLine(res.error?.message ?? 'invalid');
    } catch (e: any) {
      err = firstLine(e?.message ?? String(e));
    }
    if (err) problems.push(`[validator] CEL expression not supported (${err}) at ${where}: ${rule.replace(/\s*\n\s*/g, ' ')}`);
  }
  for (const [pattern, where] of patterns) {
    try { new RegExp(pattern, 'u'); } catch {
      try { new RegExp(pattern); } catch (e: any) { problems.push(`[validator] pattern does not compile (${firstLine(e?.message)}) at ${where}: ${pattern}`); }
    }
  }
  return { rules: rules.size, patterns: patterns.size, problems };
}
