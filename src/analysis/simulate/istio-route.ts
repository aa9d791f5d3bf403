/**
 * Istio's routing of a request: at the client's sidecar (mesh), or at the pods of an Istio
 * Gateway; the VirtualService rules that apply (virtual-services.ts), the first that matches
 * (match.ts), and what it does (rule-result.ts).
 */
import { simulateDestinations } from './destinations';
import { ruleMatches } from './match';
import { NormalizedRequest, NormalizedSource } from './request';
import { DEFAULT_RETRIES, ruleOutcome } from './rule-result';
import { RoutedBy, SimulatedAuthorization, SimulatedRoute } from './types';
import { HostRoutes, VirtualServiceIndex } from './virtual-services';
import { SimWorld } from './world';
import { Labels, stringMap } from '../labels';
import { asArray, Obj } from '../objects';
import { Pod } from '../pods';

/** The proxy that routes: its labels and namespace, and the identity it calls destinations with. */
interface Proxy {
  readonly gateway: string;
  readonly labels: Labels;
  readonly namespace: string;
  /** The request as the destinations see it. */
  readonly destinationRequest: NormalizedRequest;
}

/** A route result with the request's caveats. */
function result(route: Omit<SimulatedRoute, 'caveats'>, caveats: readonly string[]): SimulatedRoute {
  return { ...route, caveats: [...new Set(caveats)] };
}

/** Routes `routes` (or, without routes, the host's Service as is) for a request through `proxy`. */
function applyRoutes(world: SimWorld, routes: HostRoutes | undefined, request: NormalizedRequest, proxy: Proxy,
  extra: Partial<SimulatedRoute>, caveats: string[]): SimulatedRoute {
  if (!routes) return defaultRoute(world, request, proxy, extra, caveats);
  if (routes.ignored.length > 0) {
    caveats.push(`VirtualServices ${[routes.virtualServices[0].fullName, ...routes.ignored].join(', ')} all declare ${routes.domain}: `
      + `the proxy uses ${routes.virtualServices[0].fullName} (the first by export scope and creation time) and ignores the others`);
  }
  if (routes.virtualServices.length > 1) {
    caveats.push(`VirtualServices ${routes.virtualServices.map(v => v.fullName).join(', ')} declare ${routes.domain} at the gateway: their rules are appended in creation order`);
  }
  const ctx = { gateway: proxy.gateway, proxyLabels: proxy.labels, proxyNamespace: proxy.namespace };
  for (const flat of routes.rules) {
    const vsNamespace = (flat.root ?? flat.vs).namespace;
    const matched = ruleMatches(flat.rule, request, { ...ctx, vsNamespace }, caveats);
    if (!matched) continue;
    if (asArray(flat.rule?.route).length === 0 && !flat.rule?.redirect && !flat.rule?.directResponse) {
      caveats.push(`rule ${flat.index} of VirtualService ${flat.vs.fullName} has no route, redirect or direct response`);
    }
    const exportTo = asArray((flat.root ?? flat.vs).spec.exportTo).map(String);
    const outcome = ruleOutcome(world, flat.rule, flat.vs.namespace, exportTo, request, proxy.destinationRequest, proxy.namespace, caveats);
    return result({
      routedBy: RoutedBy.VIRTUAL_SERVICE,
      ...extra,
      rule: {
        kind: 'VirtualService',
        namespace: flat.vs.namespace,
        name: flat.vs.name,
        index: flat.index,
        ...typeof flat.rule?.name === 'string' && flat.rule.name !== '' ? { ruleName: flat.rule.name } : {},
        ...matched.matchIndex !== undefined ? { matchIndex: matched.matchIndex } : {},
      },
      ...outcome,
    }, caveats);
  }
  caveats.push(`no rule of VirtualService ${routes.virtualServices.map(v => v.fullName).join(', ')} matches the request: the proxy answers 404`);
  return result({ routedBy: RoutedBy.NONE, ...extra, destinations: [], status: 404 }, caveats);
}

/** No VirtualService: the request goes to the host's Service (or ServiceEntry) as is, or nowhere. */
function defaultRoute(world: SimWorld, request: NormalizedRequest, proxy: Proxy, extra: Partial<SimulatedRoute>, caveats: string[]): SimulatedRoute {
  const entry = world.model.lookupHost(proxy.namespace, undefined, request.host);
  if (!entry || proxy.gateway !== 'mesh') {
    if (proxy.gateway !== 'mesh') {
      caveats.push(`no VirtualService bound to gateway ${proxy.gateway} routes ${request.host} on port ${request.port}: the gateway answers 404`);
      return result({ routedBy: RoutedBy.NONE, ...extra, destinations: [], status: 404 }, caveats);
    }
    caveats.push(`the manifests hold no Service or ServiceEntry for ${request.host}: with the mesh's default outboundTrafficPolicy ALLOW_ANY `
      + 'the sidecar passes the request through to the address the client resolved; with REGISTRY_ONLY it answers 502');
    return result({ routedBy: RoutedBy.NONE, ...extra, destinations: [] }, caveats);
  }
  const target = { host: request.host, namespace: proxy.namespace };
  const destinations = simulateDestinations(world, [target], proxy.destinationRequest, proxy.namespace, caveats);
  return result({ routedBy: RoutedBy.DEFAULT, ...extra, destinations, retries: DEFAULT_RETRIES }, caveats);
}

/** A request from a sidecar. */
export function routeMesh(world: SimWorld, index: VirtualServiceIndex, request: NormalizedRequest): SimulatedRoute {
  const caveats = [...request.caveats];
  const proxy: Proxy = { gateway: 'mesh', labels: request.source.labels, namespace: request.source.namespace, destinationRequest: request };
  if (request.source.sidecar === false) {
    caveats.push(`the source ${request.source.workload} runs no Istio proxy: no VirtualService applies, Kubernetes sends the request to any pod of the Service`);
    return defaultRoute(world, request, proxy, {}, caveats);
  }
  const entry = world.model.lookupHost(request.source.namespace, undefined, request.host);
  const servicePort = entry?.obj.kind === 'Service' ? asArray(entry.obj.spec.ports).find(p => Number(p?.port) === request.port) : undefined;
  if (entry && entry.ports.length > 0 && !entry.ports.some(p => p.number === request.port)) {
    caveats.push(`${entry.obj.kind} ${entry.obj.fullName} has no port ${request.port}`);
  }
  const entryPort = entry?.obj.kind === 'ServiceEntry' ? entry.ports.find(p => p.number === request.port) : undefined;
  if ((servicePort && isTcp(servicePort)) || (entryPort && NOT_HTTP.has(entryPort.protocol.toUpperCase()))) {
    caveats.push(`port ${request.port} of ${entry!.obj.fullName} is not HTTP: VirtualService http rules do not apply, and tcp/tls rules are not simulated`);
    return defaultRoute(world, request, proxy, {}, caveats);
  }
  return applyRoutes(world, index.forMesh(request.host, request.source.namespace), request, proxy, {}, caveats);
}

/**
 * Whether a Service port carries TCP or TLS (or UDP), not plain HTTP, by its appProtocol or name
 * (the Gateway API part reads it too). `https` is TLS to a sidecar: it passes it through, and no
 * HTTP rule applies.
 */
export function isTcp(port: any): boolean {
  const name = String(port?.appProtocol ?? port?.name ?? '').toLowerCase();
  return /^(tcp|tls|https|mongo|redis|mysql)(-|$)/.test(name) || port?.protocol === 'UDP';
}

/** ServiceEntry port protocols a sidecar does not route as HTTP. */
const NOT_HTTP = new Set(['HTTPS', 'TLS', 'TCP', 'MONGO', 'MYSQL', 'REDIS']);

/** The pods an Istio Gateway's selector picks (in any namespace, as istiod does by default). */
function gatewayPods(world: SimWorld, gateway: Obj): Pod[] {
  const selector = stringMap(gateway.spec.selector);
  return Object.keys(selector).length === 0 ? [] : world.model.podIndex.select(selector);
}

/** A request entering through an Istio Gateway. */
export function routeIstioGateway(world: SimWorld, index: VirtualServiceIndex, request: NormalizedRequest, gateway: Obj): SimulatedRoute {
  const caveats = [...request.caveats];
  const pods = gatewayPods(world, gateway);
  const pod = pods[0];
  if (!pod) caveats.push(`no pod of the manifests matches the selector of Gateway ${gateway.fullName}`);
  const namespace = pod?.namespace ?? gateway.namespace;
  const labels = pod?.labels ?? stringMap(gateway.spec.selector);
  // from outside: the gateway sees the client's own identity (none, over plain text, unless given)
  const outside: NormalizedSource = { ...request.source, principal: request.given.source?.principal ? request.given.source.principal : null };
  const atGateway: NormalizedRequest = { ...request, source: outside };
  let gatewayAuthorization: SimulatedAuthorization | undefined;
  if (pod) gatewayAuthorization = world.authorize(stringMap(gateway.spec.selector), namespace, atGateway, request.port, caveats);
  const extra: Partial<SimulatedRoute> = { gateway: gateway.fullName, ...gatewayAuthorization ? { gatewayAuthorization } : {} };
  const account = pod?.podSpec?.serviceAccountName || pod?.podSpec?.serviceAccount || 'default';
  const gatewaySource: NormalizedSource = {
    namespace,
    labels,
    serviceAccount: account,
    principal: pod && !pod.obj.synthetic ? `${world.trustDomain}/ns/${namespace}/sa/${account}` : undefined,
    requestPrincipal: request.source.requestPrincipal,
    ip: request.source.ip,
    sidecar: true,
  };
  const proxy: Proxy = { gateway: gateway.fullName, labels, namespace, destinationRequest: { ...request, source: gatewaySource } };
  // the client connects to a port of the gateway's Service (or, with a port-forward, to the pod's
  // own port); Istio binds a server whose number is a port of the gateway's Service to its
  // targetPort, any other server to its number as is (model/gateway.go resolvePorts)
  const targets = pod ? world.servicePortTargets(pod) : new Map<number, number>();
  const listener = (port: number) => targets.get(port) ?? port;
  const servers = asArray(gateway.spec.servers).filter(s => listener(Number(s?.port?.number)) === listener(request.port));
  if (servers.length === 0) {
    const via = listener(request.port) === request.port ? '' : ` (its Service sends port ${request.port} to the pods' port ${listener(request.port)})`;
    caveats.push(`Gateway ${gateway.fullName} has no server on port ${request.port}${via}`);
    return result({ routedBy: RoutedBy.NONE, ...extra, destinations: [] }, caveats);
  }
  const http = servers.filter(s => ['HTTP', 'HTTPS', 'HTTP2', 'GRPC'].includes(String(s?.port?.protocol ?? '').toUpperCase())
    && s?.tls?.mode !== 'PASSTHROUGH' && s?.tls?.mode !== 'AUTO_PASSTHROUGH');
  if (http.length === 0) {
    caveats.push(`the servers of Gateway ${gateway.fullName} on port ${request.port} do not terminate HTTP: tcp/tls routes are not simulated`);
    return result({ routedBy: RoutedBy.NONE, ...extra, destinations: [] }, caveats);
  }
  if (request.scheme === 'http' && http.some(s => s?.tls?.httpsRedirect === true)) {
    return result({ routedBy: RoutedBy.NONE, ...extra, destinations: [], status: 301, redirect: `https://${request.authority.replace(/:\d+$/, '')}${request.path}` }, caveats);
  }
  const routes = index.forGateway(gateway, http.map(s => asArray(s.hosts).map(String)), request.host, namespace);
  return applyRoutes(world, routes, request, proxy, extra, caveats);
}
