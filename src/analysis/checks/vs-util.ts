/**
 * Reading VirtualServices: their destinations, gateways and route lists.
 */
import { asArray, Obj } from '../model';

/** A route destination of a VirtualService, with where it is. */
export interface RouteDestination {
  /** `http`, `tcp`, `tls`, `http.mirror` or `http.mirrors`. */
  readonly section: string;
  readonly ruleIndex: number;
  readonly destination: any;
}

/** istioctl's `getRouteDestinations`: every `route[].destination` of the tcp, tls and http rules. */
export function routeDestinations(vs: Obj): RouteDestination[] {
  const out: RouteDestination[] = [];
  for (const section of ['tcp', 'tls', 'http']) {
    asArray(vs.spec[section]).forEach((rule, ruleIndex) => {
      for (const r of asArray(rule?.route)) {
        if (r?.destination) out.push({ section, ruleIndex, destination: r.destination });
      }
    });
  }
  return out;
}

/** istioctl's `getHTTPMirrorDestinations`: `mirror` and `mirrors[].destination` of the http rules. */
export function mirrorDestinations(vs: Obj): RouteDestination[] {
  const out: RouteDestination[] = [];
  asArray(vs.spec.http).forEach((rule, ruleIndex) => {
    if (rule?.mirror) out.push({ section: 'http.mirror', ruleIndex, destination: rule.mirror });
    for (const m of asArray(rule?.mirrors)) {
      if (m?.destination) out.push({ section: 'http.mirrors', ruleIndex, destination: m.destination });
    }
  });
  return out;
}

export function hostOf(destination: any): string {
  return typeof destination?.host === 'string' ? destination.host : '';
}

export function subsetOf(destination: any): string {
  return typeof destination?.subset === 'string' ? destination.subset : '';
}

/** The destination's port number, or undefined when not set. */
export function portOf(destination: any): number | undefined {
  const n = destination?.port?.number;
  return n === undefined || n === null ? undefined : Number(n);
}

export function gatewaysOf(vs: Obj): string[] {
  return asArray(vs.spec.gateways).map(String);
}

/** Whether a VirtualService applies to sidecars: no gateways, or `mesh` among them. */
export function boundToMesh(vs: Obj): boolean {
  const gateways = gatewaysOf(vs);
  return gateways.length === 0 || gateways.includes('mesh');
}

export function hostsOf(vs: Obj): string[] {
  return asArray(vs.spec.hosts).map(String);
}

export function exportToOf(obj: Obj): string[] {
  return asArray(obj.spec.exportTo).map(String);
}

/** istioctl's `resource.NewShortOrFullName`: `ns/name` as written, or `name` in `namespace`. */
export function shortOrFullName(namespace: string, name: string): { namespace: string; name: string } {
  const slash = name.indexOf('/');
  return slash >= 0 ? { namespace: name.slice(0, slash), name: name.slice(slash + 1) } : { namespace, name };
}

/** A condition that restricts nothing: unset, false, an empty string, list or map. */
function isEmptyCondition(v: unknown): boolean {
  return v === undefined || v === null || v === false || v === ''
    || (Array.isArray(v) && v.length === 0)
    || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
}

/** Fields of an HTTP match that name or tune it but restrict nothing. */
const NON_CONDITIONS = new Set(['name', 'ignoreUriCase', 'statPrefix']);

/** Whether one HTTP match request matches every request: nothing but a `/` prefix (or `.*` regex) URI. */
export function isHttpMatchAll(match: any): boolean {
  if (match === null || typeof match !== 'object') return true;
  for (const [k, v] of Object.entries(match)) {
    if (NON_CONDITIONS.has(k) || isEmptyCondition(v)) continue;
    if (k === 'uri' && typeof v === 'object' && v !== null) {
      const uri = v as any;
      if (uri.prefix === '/' || uri.regex === '.*' || uri.regex === '/.*') continue;
    }
    return false;
  }
  return true;
}

/**
 * Whether an HTTP rule matches every request: no match list, or one match that matches
 * everything (the wire-format counterpart of `isHttpCatchAll` in src/private/routes.ts).
 */
export function isHttpCatchAllRule(rule: any): boolean {
  const matches = asArray(rule?.match);
  return matches.length === 0 || matches.some(isHttpMatchAll);
}

/** Whether a TCP rule matches every connection: no match list, or a match with no condition. */
export function isTcpCatchAllRule(rule: any): boolean {
  const matches = asArray(rule?.match);
  return matches.length === 0 || matches.some(m => m === null || typeof m !== 'object' || Object.values(m).every(isEmptyCondition));
}
