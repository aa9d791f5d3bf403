/**
 * The backends of a Gateway API route rule (and of its RequestMirror filters) as Istio resolves
 * them: the Service (or Istio `Hostname`) each backendRef names, the ReferenceGrant a
 * cross-namespace reference needs on a Gateway, and the errors that make Istio drop the whole
 * route (hard) or answer 500 for a backend's share (an invalid backend).
 */
import { Obj } from '../objects';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** What Istio cannot convert: the route is dropped (every rule), as Istio reports it in the route's status. */
export class RouteRejected extends Error {}

/** A backendRef resolved: a host and port, or why Istio answers 500 for its share. */
export interface Backend {
  /** The host the reference names (a Service's FQDN); empty for a reference a ReferenceGrant does not allow. */
  readonly host: string;
  /** The namespace the host is looked up from (the Service's). */
  readonly namespace: string;
  readonly port?: number;
  /** Why the backend is invalid (Istio answers 500 for the requests it would get). */
  readonly invalid?: string;
}

/** What backend resolution reads from the manifests. */
export interface BackendLookup {
  readonly domain: string;
  /** A Service by namespace and name. */
  service(namespace: string, name: string): Obj | undefined;
  /** Whether a host resolves to a Service or ServiceEntry seen from `namespace`. */
  hostKnown(host: string, namespace: string): boolean;
  /** The ReferenceGrants in a namespace. */
  grants(namespace: string): readonly Obj[];
}

/** Whether a ReferenceGrant in `toNamespace` lets a `routeKind` in `fromNamespace` refer to the Service `name`. */
export function grantAllows(grants: readonly Obj[], routeKind: string, fromNamespace: string, name: string): boolean {
  return grants.some(g => {
    const from: any[] = Array.isArray(g.spec.from) ? g.spec.from : [];
    const to: any[] = Array.isArray(g.spec.to) ? g.spec.to : [];
    return from.some(f => f?.group === GATEWAY_GROUP && f?.kind === routeKind && f?.namespace === fromNamespace)
      && to.some(t => (t?.group === '' || t?.group === 'core') && t?.kind === 'Service' && (t?.name === undefined || t?.name === null || t.name === name));
  });
}

/**
 * A backendRef as Istio resolves it for a route in `routeNamespace`; `enforceGrants` is true on a
 * Gateway (Istio does not ask mesh routes for ReferenceGrants). Throws `RouteRejected` for what
 * makes Istio drop the route.
 */
export function resolveBackend(ref: any, routeKind: string, routeNamespace: string, enforceGrants: boolean, lookup: BackendLookup): Backend {
  const group = typeof ref?.group === 'string' ? ref.group : '';
  const kind = typeof ref?.kind === 'string' ? ref.kind : 'Service';
  const name = String(ref?.name ?? '');
  const written = typeof ref?.namespace === 'string' && ref.namespace !== '' ? ref.namespace : undefined;
  const namespace = written ?? routeNamespace;
  const port = ref?.port === undefined || ref?.port === null ? undefined : Number(ref.port);
  const isService = (group === '' || group === 'core') && kind === 'Service';
  if (enforceGrants && written !== undefined && written !== routeNamespace && isService
    && !grantAllows(lookup.grants(written), routeKind, routeNamespace, name)) {
    return {
      host: '',
      namespace,
      port,
      invalid: `backendRef ${name}/${written} not accessible to a ${routeKind} in namespace "${routeNamespace}" (missing a ReferenceGrant?)`,
    };
  }
  let host: string;
  let invalid: string | undefined;
  if (isService) {
    if (name.includes('.')) throw new RouteRejected('service name invalid; the name of the Service must be used, not the hostname.');
    host = `${name}.${namespace}.svc.${lookup.domain}`;
    if (!lookup.service(namespace, name)) invalid = `backend(${host}) not found`;
  } else if (group === 'networking.istio.io' && kind === 'Hostname') {
    if (written !== undefined) throw new RouteRejected('namespace may not be set with Hostname type');
    host = name;
    if (!lookup.hostKnown(name, namespace)) invalid = `backend(${host}) not found`;
  } else {
    return { host: '', namespace, port, invalid: `referencing unsupported backendRef: group "${group}" kind "${kind}"` };
  }
  if (port === undefined) throw new RouteRejected('port is required in backendRef');
  return { host, namespace, port, ...invalid ? { invalid } : {} };
}

/** A weight as Gateway API defaults it (1). */
export function weightOf(ref: any): number {
  return ref?.weight === undefined || ref?.weight === null ? 1 : Number(ref.weight);
}

const HTTP_FILTERS = new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'RequestMirror', 'URLRewrite', 'CORS']);
const GRPC_FILTERS = new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror']);
const BACKEND_FILTERS = new Set(['RequestHeaderModifier', 'ResponseHeaderModifier']);

/**
 * Why Istio refuses to convert a route (undefined: it converts it): an unsupported filter, a
 * backendRef naming a Service by host name or without a port … on any rule. GRPCRoute mirrors to
 * an invalid backend also reject it (an HTTPRoute only drops the mirror).
 */
export function routeRejection(route: Obj, routeKind: string, enforceGrants: boolean, lookup: BackendLookup): string | undefined {
  const rules: any[] = Array.isArray(route.spec.rules) ? route.spec.rules : [];
  const grpc = routeKind === 'GRPCRoute';
  try {
    for (const rule of rules) {
      const filters: any[] = Array.isArray(rule?.filters) ? rule.filters : [];
      let redirect = false;
      for (const f of filters) {
        if (!(grpc ? GRPC_FILTERS : HTTP_FILTERS).has(f?.type)) return `unsupported filter type "${f?.type}"`;
        if (f.type === 'RequestRedirect') redirect = true;
        if (grpc && f.type === 'RequestMirror') {
          const mirror = resolveBackend(f.requestMirror?.backendRef, routeKind, route.namespace, enforceGrants, lookup);
          if (mirror.invalid) return mirror.invalid;
        }
      }
      const refs: any[] = Array.isArray(rule?.backendRefs) ? rule.backendRefs : [];
      if (refs.reduce((s, r) => s + weightOf(r), 0) === 0 && !redirect) continue;
      for (const ref of refs) {
        if (weightOf(ref) === 0) continue;
        resolveBackend(ref, routeKind, route.namespace, enforceGrants, lookup);
        for (const f of Array.isArray(ref?.filters) ? ref.filters : []) {
          if (!BACKEND_FILTERS.has(f?.type)) return `unsupported filter type "${f?.type}"`;
        }
      }
    }
  } catch (e) {
    if (e instanceof RouteRejected) return e.message;
    throw e;
  }
  return undefined;
}
