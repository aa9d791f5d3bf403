/**
 * Whether one VirtualService match admits every request (or connection) another admits, and so
 * whether a match admits every request to its host: the one semantic notion of "catch-all" and
 * "shadowed" that the library's route ordering checks and the analysis (MESH001) share.
 *
 * Matches are read in Istio's wire format (the JSON of a VirtualService), so that manifests of any
 * origin can be judged. The verdict is conservative: a match covers another only when that is
 * provable; anything not understood (an unknown field, a value of the wrong type) restricts.
 */
import { regexMatchesEveryValue } from './re2/match-all';

/** What the VirtualService holding the matches applies to. */
export interface MatchScope {
  /** The VirtualService's namespace: short gateway names resolve in it. */
  readonly namespace: string;
  /** The VirtualService's gateways as written; none means the mesh (sidecars). */
  readonly gateways: readonly string[];
  /** The host's ports the routes of this kind apply to, when known. */
  readonly ports?: readonly number[];
}

/** Pseudo-headers every request carries: a header match on them that admits any value restricts nothing. */
const ALWAYS_PRESENT = new Set([':method', ':path', ':authority', ':scheme']);
/** HTTP match fields that name or tune a match without restricting it. */
const NO_CONDITION = new Set(['name', 'statPrefix', 'ignoreUriCase']);

/** Istio's `resolveGatewayName`: `ns/name`, `./name`, a short name, or a legacy `name.ns[.svc…]`. */
export function resolveGatewayName(gateway: string, namespace: string): string {
  if (gateway === 'mesh') {
    return gateway;
  }
  const slash = gateway.indexOf('/');
  if (slash >= 0) {
    return gateway.slice(0, slash) === '.' ? `${namespace}/${gateway.slice(slash + 1)}` : gateway;
  }
  const dot = gateway.indexOf('.');
  if (dot < 0) {
    return `${namespace}/${gateway}`;
  }
  const rest = gateway.slice(dot + 1);
  const next = rest.indexOf('.');
  return `${next < 0 ? rest : rest.slice(0, next)}/${gateway.slice(0, dot)}`;
}

/** The gateways the VirtualService applies to, resolved (`mesh` when it names none). */
export function boundGateways(scope: MatchScope): string[] {
  const written = scope.gateways.length > 0 ? scope.gateways : ['mesh'];
  return written.map(g => resolveGatewayName(g, scope.namespace));
}

/** The gateways a match applies at: its own `gateways` among the VirtualService's, else all of the VirtualService's. */
export function matchGateways(match: any, scope: MatchScope): string[] {
  const bound = boundGateways(scope);
  const own = strings(match?.gateways);
  return own.length === 0 ? bound : bound.filter(g => own.some(o => resolveGatewayName(o, scope.namespace) === g));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A field that restricts nothing: unset, null, false, 0, an empty string, list or map (Go's zero values). */
function unset(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === 0 || value === ''
    || (Array.isArray(value) && value.length === 0)
    || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);
}

interface StringCondition {
  readonly kind: 'exact' | 'prefix' | 'regex' | 'present' | 'unknown';
  readonly value: string;
}

/** A wire StringMatch (`{exact}`, `{prefix}`, `{regex}`, `{}` for presence). */
function stringCondition(sm: unknown): StringCondition {
  if (sm === null || typeof sm !== 'object' || Array.isArray(sm)) {
    return { kind: 'unknown', value: '' };
  }
  const entries = Object.entries(sm as object).filter(([, v]) => v !== undefined);
  if (entries.length === 0) {
    return { kind: 'present', value: '' };
  }
  const [kind, value] = entries[0];
  return entries.length === 1 && ['exact', 'prefix', 'regex'].includes(kind) && typeof value === 'string'
    ? { kind: kind as StringCondition['kind'], value } : { kind: 'unknown', value: '' };
}

/** Whether a string condition admits every value that starts with `domain` (`/` for paths). */
function admitsEveryValue(c: StringCondition, domain: string): boolean {
  switch (c.kind) {
    case 'present':
      return true;
    case 'prefix':
      return domain.startsWith(c.value);
    case 'regex':
      return regexMatchesEveryValue(c.value, domain);
    default:
      return false;
  }
}

const lowerAscii = (s: string) => s.replace(/[A-Z]/g, ch => ch.toLowerCase());

/**
 * Whether condition `a` admits every value `b` admits (`undefined`: no condition). `ignoreCase`
 * flags say that exact and prefix values compare ASCII case-insensitively (URIs only; Envoy never
 * applies it to regexes).
 */
function stringCovers(a: unknown, b: unknown, domain: string, aIgnoreCase = false, bIgnoreCase = false): boolean {
  if (a === undefined || a === null) {
    return true;
  }
  const ac = stringCondition(a);
  if (admitsEveryValue(ac, domain)) {
    return true;
  }
  if (b === undefined || b === null) {
    return false;
  }
  const bc = stringCondition(b);
  if (ac.kind === 'unknown' || bc.kind === 'unknown') {
    return false;
  }
  if (ac.kind === 'regex') {
    return bc.kind === 'regex' && bc.value === ac.value;
  }
  if (bc.kind === 'regex' || bc.kind === 'present') {
    return false;
  }
  // b admits case variants of its value that a, comparing case-sensitively, may refuse
  if (bIgnoreCase && !aIgnoreCase && /[A-Za-z]/.test(bc.value)) {
    return false;
  }
  const [av, bv] = aIgnoreCase ? [lowerAscii(ac.value), lowerAscii(bc.value)] : [ac.value, bc.value];
  return ac.kind === 'exact' ? bc.kind === 'exact' && bv === av : bv.startsWith(av);
}

/** Whether every header (or query parameter) condition of `a` holds for every request `b` admits. */
function mapCovers(a: unknown, b: unknown, pseudo: boolean): boolean {
  if (a === null || typeof a !== 'object' || Array.isArray(a)) {
    return unset(a);
  }
  const bm = b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as { [k: string]: unknown }) : {};
  return Object.entries(a as { [k: string]: unknown }).every(([name, am]) => {
    if (pseudo && ALWAYS_PRESENT.has(name) && admitsEveryValue(stringCondition(am), name === ':path' ? '/' : '')) {
      return true;
    }
    // a condition on a header or parameter requires it present: b must name it too
    return bm[name] !== undefined && bm[name] !== null && stringCovers(am, bm[name], '');
  });
}

/** Whether the `withoutHeaders` of `a` exclude nothing that those of `b` do not exclude: the same entries. */
function exclusionsCovered(a: unknown, b: unknown): boolean {
  if (a === null || typeof a !== 'object' || Array.isArray(a)) {
    return unset(a);
  }
  const bm = b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as { [k: string]: unknown }) : {};
  return Object.entries(a as { [k: string]: unknown }).every(([name, am]) => JSON.stringify(bm[name]) === JSON.stringify(am));
}

function labelsCovered(a: unknown, b: unknown): boolean {
  if (a === null || typeof a !== 'object' || Array.isArray(a)) {
    return unset(a);
  }
  const bm = b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as { [k: string]: unknown }) : {};
  return Object.entries(a as { [k: string]: unknown }).every(([k, v]) => bm[k] === v);
}

/** Whether a port condition of `a` holds for every request `b` admits: none, the same port, or the host's only port. */
function portCovered(a: unknown, b: unknown, scope: MatchScope): boolean {
  return unset(a) || a === b || (scope.ports !== undefined && scope.ports.length === 1 && scope.ports[0] === a);
}

function gatewaysCovered(a: any, b: any, scope: MatchScope): boolean {
  const ag = matchGateways(a, scope);
  return matchGateways(b, scope).every(g => ag.includes(g));
}

/**
 * Whether every condition of match `a` admits what match `b` (with its conditions, `bm`) admits;
 * a missing match (`undefined`, `null`) has no conditions, anything else that is not an object none
 * that can be met.
 */
function everyCondition(a: any, b: any, covers: (field: string, condition: any, bm: any) => boolean): boolean {
  if (a === null || typeof a !== 'object' || Array.isArray(a)) {
    return a === null || a === undefined;
  }
  const bm = b ?? {};
  return Object.entries(a).every(([field, condition]) => covers(field, condition, bm));
}

/**
 * The conditions HTTP and TCP matches share (port, caller, gateway): whether condition `field` of
 * match `a` admits what match `b` (conditions `bm`) admits; undefined for other fields.
 */
function sourceCovers(field: string, condition: any, a: any, bm: any, scope: MatchScope): boolean | undefined {
  switch (field) {
    case 'port':
      return portCovered(condition, bm.port, scope);
    case 'sourceLabels':
      return labelsCovered(condition, bm.sourceLabels);
    case 'sourceNamespace':
      return unset(condition) || condition === bm.sourceNamespace;
    case 'gateways':
      return gatewaysCovered(a, bm, scope);
    default:
      return undefined;
  }
}

/** Whether HTTP match `a` admits every request HTTP match `b` admits (both of one VirtualService). */
export function httpMatchCovers(a: any, b: any, scope: MatchScope): boolean {
  return everyCondition(a, b, (field, condition, bm) => {
    switch (field) {
      case 'uri':
        return stringCovers(condition, bm.uri, '/', a.ignoreUriCase === true, bm.ignoreUriCase === true);
      case 'scheme':
      case 'method':
      case 'authority':
        return stringCovers(condition, bm[field], '');
      case 'headers':
        return mapCovers(condition, bm.headers, true);
      case 'queryParams':
        return mapCovers(condition, bm.queryParams, false);
      case 'withoutHeaders':
        return exclusionsCovered(condition, bm.withoutHeaders);
      default:
        return sourceCovers(field, condition, a, bm, scope) ?? (NO_CONDITION.has(field) || unset(condition));
    }
  });
}

/** Whether an HTTP match admits every request to the VirtualService's host. */
export function httpMatchAdmitsAll(match: any, scope: MatchScope): boolean {
  return httpMatchCovers(match, {}, scope);
}

/** Whether TCP (or TLS) match `a` admits every connection match `b` admits. */
export function tcpMatchCovers(a: any, b: any, scope: MatchScope): boolean {
  return everyCondition(a, b, (field, condition, bm) => {
    switch (field) {
      case 'destinationSubnets': {
        const bs = strings(bm.destinationSubnets);
        return unset(condition) || (bs.length > 0 && bs.every(s => strings(condition).includes(s)));
      }
      default:
        return sourceCovers(field, condition, a, bm, scope) ?? unset(condition);
    }
  });
}

/** Whether a TCP match admits every connection to the VirtualService's host. */
export function tcpMatchAdmitsAll(match: any, scope: MatchScope): boolean {
  return tcpMatchCovers(match, {}, scope);
}
