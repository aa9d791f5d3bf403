/**
 * A request entering through a Gateway API `Gateway` (class `istio`): the listeners on the
 * request's port, the routes each listener accepts, one merged rule list per listener and route
 * hostname (Istio's generated VirtualServices), the virtual host Envoy picks for the authority
 * (rule lists of the same domain appended, catch-all rules moved last), then the first rule that
 * matches.
 */
import { allowedByIsolation, bestDomain, intersectHosts, Listener, listenerRefusal, listenersOf, routeHostnames } from './gateway-api-hosts';
import { isCatchAll, RegexCompiler, RouteEntry } from './gateway-api-match';
import {
  attachmentsTo, backendLookup, compareAge, compareStrings, convertedEntries, GatewayApiRoute, mergedEntries, routeKey, routeThrough,
} from './gateway-api-routes';
import { NormalizedRequest } from './request';
import { RoutedBy, SimulatedRoute } from './types';
import { SimWorld } from './world';
import { Obj } from '../objects';

/** The controller Istio's Gateway API implementation answers to. */
const ISTIO_CONTROLLER = 'istio.io/gateway-controller';

/** Whether Istio programs Gateways of a class: `istio`, or a GatewayClass naming Istio's controller. */
function istioClass(world: SimWorld, className: unknown): boolean {
  if (className === 'istio') return true;
  return world.of('gateway/GatewayClass').some(c => c.name === className && c.spec.controllerName === ISTIO_CONTROLLER);
}

/** The identity of the pods Istio deploys for a Gateway (`<name>-<class>`, unless the service-account annotation names another). */
export function gatewaySource(world: SimWorld, gw: Obj, request: NormalizedRequest): NormalizedRequest {
  const deployed = `${gw.name}-${gw.spec.gatewayClassName}`;
  const serviceAccount = gw.annotations['gateway.istio.io/service-account'] ?? deployed;
  return {
    ...request,
    source: {
      ...request.source,
      workload: `${gw.namespace}/${deployed}`,
      namespace: gw.namespace,
      labels: { 'gateway.networking.k8s.io/gateway-name': gw.name },
      serviceAccount,
      principal: `${world.trustDomain}/ns/${gw.namespace}/sa/${serviceAccount}`,
      sidecar: true,
    },
  };
}

/** One generated VirtualService: a listener and one route hostname, with the routes attached there. */
interface HostGroup {
  readonly listener: Listener;
  readonly domain: string;
  readonly routes: Array<{ readonly route: GatewayApiRoute; readonly entries: readonly RouteEntry[] }>;
}

/** The listeners a request on `port` reaches: every HTTP one, or the HTTPS one its SNI (the authority) selects. */
function listenersFor(all: readonly Listener[], request: NormalizedRequest, gateway: string, caveats: string[]): Listener[] {
  const onPort = all.filter(l => l.port === request.port && (l.protocol === 'HTTP' || l.protocol === 'HTTPS'));
  const https = onPort.filter(l => l.protocol === 'HTTPS');
  if (https.length === 0) {
    if (onPort.length > 0 && request.scheme === 'https') caveats.push(`the listeners of ${gateway} on port ${request.port} are plain HTTP; the request is simulated as HTTP`);
    return onPort;
  }
  if (request.scheme !== 'https') caveats.push(`the listeners of ${gateway} on port ${request.port} terminate TLS; the request is simulated as HTTPS`);
  const sni = bestDomain(https.map(l => l.hostname ?? '*'), request.host);
  return sni === undefined ? [] : [https.find(l => (l.hostname ?? '*') === sni)!];
}

/**
 * Where the Gateway API Gateway `request.gateway` sends the request; undefined when the manifests
 * hold no such Gateway API Gateway (it may be an Istio Gateway).
 */
export function routeAtGateway(world: SimWorld, request: NormalizedRequest, regex: RegexCompiler): SimulatedRoute | undefined {
  if (!request.gateway) return undefined;
  const gw = world.model.find('gateway/Gateway', request.gateway.namespace, request.gateway.name);
  if (!gw) return undefined;
  const gateway = gw.fullName;
  const caveats: string[] = [...request.caveats];
  const none = (sentence: string): SimulatedRoute => ({ routedBy: RoutedBy.NONE, gateway, destinations: [], caveats: [...caveats, sentence] });
  if (!istioClass(world, gw.spec.gatewayClassName)) {
    return none(`the Gateway ${gateway} has the class '${gw.spec.gatewayClassName}', which Istio does not program: the simulator models Istio's class 'istio' only`);
  }
  const all = listenersOf(gw.spec);
  const listeners = listenersFor(all, request, gateway, caveats);
  if (listeners.length === 0) {
    return none(`the Gateway ${gateway} has no HTTP or HTTPS listener on port ${request.port} for ${request.host}: the connection is refused or not HTTP`);
  }
  const lookup = backendLookup(world);
  const groups = new Map<string, HostGroup>();
  const routes = new Map<string, GatewayApiRoute>();
  const converted = new Map<GatewayApiRoute, RouteEntry[] | undefined>();
  for (const { route, ref } of attachmentsTo(world, 'Gateway', gw.namespace, gw.name)) {
    const hostnames = routeHostnames(route.obj.spec);
    for (const l of listeners) {
      const refused = listenerRefusal(l, ref, { kind: route.kind, namespace: route.obj.namespace, hostnames }, gw.namespace,
        world.model.namespaceLabels(route.obj.namespace));
      if (refused !== undefined) continue;
      if (!converted.has(route)) converted.set(route, convertedEntries(route, undefined, true, lookup, caveats));
      const entries = converted.get(route);
      if (!entries) continue;
      routes.set(routeKey(route.kind, route.obj.namespace, route.obj.name), route);
      const others = all.filter(o => o !== l && o.port === l.port && o.protocol === l.protocol).map(o => o.hostname);
      for (const h of hostnames) {
        if (!allowedByIsolation(h, l.hostname, others)) continue;
        const domain = intersectHosts(h, l.hostname ?? '*');
        if (domain === undefined) continue;
        const key = `${l.name}|${h}`;
        const group = groups.get(key) ?? { listener: l, domain, routes: [] };
        groups.set(key, group);
        if (!group.routes.some(r => r.route === route)) group.routes.push({ route, entries });
      }
    }
  }
  const domain = bestDomain(new Set([...groups.values()].map(g => g.domain)), request.host);
  const ctx = { world, regex, routes, enforceGrants: true, gateway, upstream: gatewaySource(world, gw, request) };
  if (domain === undefined) return routeThrough(ctx, [], request, caveats);
  // the generated VirtualServices of that domain, the Gateway's own namespace first, then oldest first
  const oldest = (g: HostGroup) => [...g.routes].sort((a, b) => compareAge(a.route.obj, b.route.obj))[0].route.obj;
  const vhost = [...groups.entries()].filter(([, g]) => g.domain === domain)
    .sort(([ka, a], [kb, b]) => Number(oldest(b).namespace === gw.namespace) - Number(oldest(a).namespace === gw.namespace)
      || compareAge(oldest(a), oldest(b)) || compareStrings(ka, kb))
    .flatMap(([, g]) => mergedEntries(g.routes));
  const ordered = [...vhost.filter(e => !isCatchAll(e)), ...vhost.filter(isCatchAll)];
  return routeThrough(ctx, ordered, request, caveats);
}
