/**
 * A `Gateway` in Gateway API mode: its servers as listeners of a Gateway API Gateway (class
 * `istio`; istiod deploys its pods), the parents its routes attach to, and its route groups as
 * HTTPRoutes and TLSRoutes.
 */
import { ApiObject } from 'cdk8s';
import { resolveBackend } from './backends';
import { CATCH_ALL } from './http-matches';
import { convertHttpRoute } from './http-rules';
import { LabelledRule, precedenceProblems, routeLimitProblems } from './precedence';
import { pushIf, unsupported } from './values';
import { DataPlane, DataPlaneMode } from '../../data-plane';
import { HttpRouteOptions } from '../../http-route';
import {
  GatewaySpec, GatewaySpecListeners, GatewaySpecListenersAllowedRoutesKinds, GatewaySpecListenersAllowedRoutesNamespaces,
  GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTls, GatewaySpecListenersTlsMode, HttpRouteSpec,
  HttpRouteSpecParentRefs as ParentReference, HttpRouteSpecRulesFiltersRequestRedirectScheme, HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
  HttpRouteSpecRulesFiltersType, TlsRouteSpec, TlsRouteSpecRulesBackendRefs,
} from '../../imports/gateway.networking.k8s.io';
import type { IMesh } from '../../interfaces/mesh';
import { Stored } from '../../model/route-table';
import { hostsIntersect, parseServerHost, serverHostAdmits } from '../../private/gateway/hosts';
import { describeServer, NamedServer, serverRouteKind } from '../../private/gateway/servers';
import { AnyGatewayTlsOptions } from '../../private/gateway/tls';
import { GATEWAY_API_GROUP, GATEWAY_CLASS } from '../../private/istio-names';
import { RouteKind } from '../../private/protocol';
import { Protocol } from '../../protocol';
import { TcpRouteOptions } from '../../tcp-route';
import { TlsMatch, TlsRouteOptions } from '../../tls-route';

/** The listener protocols this library writes (the Gateway API's `protocol` is any string). */
type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TLS' | 'TCP';

/** A server with what a listener needs of its TLS settings. */
export interface ServerInput extends NamedServer {
  readonly tlsOptions?: AnyGatewayTlsOptions;
}

/** A listener and the server host it comes from. */
export interface PlannedListener {
  readonly listener: GatewaySpecListeners;
  /** The server host (`[namespace/]host`) the listener serves. */
  readonly serverHost: string;
  /** The routes it carries (NONE: redirects every request to HTTPS, or routes nothing). */
  readonly kind: RouteKind;
  /** Whether it answers every request with a redirect to HTTPS. */
  readonly httpsRedirect: boolean;
}

const MAX_LISTENERS = 64;
const MAX_HOSTNAMES = 16;
const MAX_PARENT_REFS = 32;
const MAX_SECTION_NAME = 253;
/** A dotted-decimal IPv4 address, as Kubernetes' CEL `isIP()` accepts it (host names rule out IPv6). */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The Gateway API workload and workload-selection options a Gateway cannot have in this mode. */
export function gatewayApiPropProblems(given: string[]): string[] {
  return given.map(k => `'${k}' configures Istio gateway pods, but the mesh emits Gateway API objects (RoutingApi.GATEWAY_API): `
    + `istiod deploys the pods of a Gateway of class '${GATEWAY_CLASS}' itself`);
}

/**
 * The Namespace of a Gateway API Gateway: istiod's gateway pods are injected by Istio's webhook
 * through their own `sidecar.istio.io/inject` label, which `istio-injection: disabled` would
 * block; a new namespace gets no injection label.
 */
export function gatewayApiNamespace(mesh: IMesh, namespace: string): { object?: ApiObject; problem?: string } {
  if (namespace === mesh.rootNamespace) {
    return {};
  }
  if (!mesh.namespaces.includes(namespace)) {
    return { object: mesh.addNamespace(namespace, { dataPlane: DataPlane.synthTime() }) };
  }
  if (mesh.namespaceDataPlane(namespace).mode === DataPlaneMode.NONE) {
    return {
      problem: `namespace '${namespace}' has the none data plane ('istio-injection: disabled'), which keeps Istio's webhook from injecting `
        + 'the gateway pods istiod deploys for a Gateway API Gateway: give the gateway another namespace, or that namespace another data plane',
    };
  }
  return { object: mesh.addNamespace(namespace) };
}

/** The listeners of the servers, and what keeps servers from being listeners. */
export function planListeners(servers: ServerInput[]): { listeners: PlannedListener[]; problems: string[] } {
  const problems: string[] = [];
  const listeners: PlannedListener[] = [];
  servers.forEach((s, i) => {
    const where = `server ${describeServer(s, s.portName)}`;
    const found: string[] = [];
    const { protocol, tls } = listenerProtocol(s, i, found);
    problems.push(...found.map(p => `${where}: ${p}`));
    const kind = serverRouteKind(s);
    // a TLS listener takes TLSRoutes whether it passes TLS through or terminates it (the Gateway
    // API's TLS guide: Terminate with TLSRoute is extended support)
    const routeKinds: GatewaySpecListenersAllowedRoutesKinds[] = kind === RouteKind.TLS || protocol === 'TLS' ? [{ group: GATEWAY_API_GROUP, kind: 'TLSRoute' }]
      : protocol === 'TCP' ? [{ group: GATEWAY_API_GROUP, kind: 'TCPRoute' }]
        : [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute' }];
    // TCP listeners have no hostname: one listener, if the hosts agree on the namespaces they admit
    const hosts = protocol === 'TCP' ? [s.hosts[0]] : s.hosts;
    if (protocol === 'TCP' && new Set(s.hosts.map(h => parseServerHost(h).namespace ?? '*')).size > 1) {
      problems.push(`${where}: ${unsupported('TCP hosts of different namespaces', `servers[${i}].hosts`, 'a TCP listener has no hostname, only one set of namespaces its routes may come from')}`);
    }
    for (const host of hosts) {
      const { namespace, name } = parseServerHost(host);
      listeners.push({
        serverHost: host,
        kind,
        httpsRedirect: s.httpsRedirect ?? false,
        listener: {
          name: hosts.length > 1 ? `${s.portName}-${slug(name)}` : s.portName,
          port: s.port,
          protocol,
          hostname: protocol === 'TCP' || name === '*' ? undefined : name,
          tls,
          allowedRoutes: { namespaces: routeNamespaces(namespace), kinds: routeKinds },
        },
      });
    }
  });
  const seen = new Map<string, PlannedListener>();
  const names = new Set<string>();
  for (const l of listeners) {
    const key = `${l.listener.port}|${l.listener.protocol}|${l.listener.hostname ?? ''}`;
    const first = seen.get(key);
    if (first) {
      problems.push(`server hosts '${first.serverHost}' and '${l.serverHost}' both make a ${l.listener.protocol} listener on port ${l.listener.port} for ${l.listener.hostname === undefined ? 'every host' : `host '${l.listener.hostname}'`}: `
        + 'Gateway API listeners must differ in port, protocol or hostname, so hosts that differ only in the namespaces they admit cannot be told apart');
    } else if (names.has(l.listener.name)) {
      problems.push(`two listeners would be named '${l.listener.name}': give the server another 'name'`);
    } else if (l.listener.name.length > MAX_SECTION_NAME) {
      problems.push(`the listener of server host '${l.serverHost}' would be named '${l.listener.name}', `
        + `${l.listener.name.length} characters: Gateway API listener names have at most ${MAX_SECTION_NAME}; give the server a shorter 'name', or the host its own server`);
    }
    seen.set(key, first ?? l);
    names.add(l.listener.name);
  }
  if (listeners.length > MAX_LISTENERS) {
    problems.push(`the servers make ${listeners.length} listeners: a Gateway API Gateway has at most ${MAX_LISTENERS}`);
  }
  const redirecting = listeners.filter(l => l.httpsRedirect).length;
  if (redirecting > MAX_PARENT_REFS) {
    problems.push(`the servers with 'httpsRedirect' make ${redirecting} listeners, which the HTTPRoute answering them with redirects would attach to: `
      + `a Gateway API route has at most ${MAX_PARENT_REFS} parentRefs`);
  }
  return { listeners, problems };
}

/** The Gateway spec. */
export function renderGateway(listeners: PlannedListener[]): GatewaySpec {
  return { gatewayClassName: GATEWAY_CLASS, listeners: listeners.map(l => l.listener) };
}

function listenerProtocol(s: ServerInput, i: number, problems: string[]): { protocol: ListenerProtocol; tls?: GatewaySpecListenersTls } {
  const prop = `servers[${i}].tls`;
  if (s.protocol === Protocol.HTTPS || s.protocol === Protocol.TLS) {
    const mode = s.tlsMode;
    if (mode === 'PASSTHROUGH') {
      return { protocol: 'TLS', tls: { mode: GatewaySpecListenersTlsMode.PASSTHROUGH } };
    }
    if (mode !== 'SIMPLE') {
      problems.push(unsupported(`${mode} TLS`, prop, mode === 'AUTO_PASSTHROUGH'
        ? 'Gateway API listeners pass TLS through to routes, not to the service an SNI names'
        : 'a Gateway API listener terminates TLS with its own certificate and verifies no client certificates (GatewayTls.simple())'));
    }
    const o = s.tlsOptions ?? {};
    if (o.credentialName === undefined && (o.serverCertificate !== undefined || o.privateKey !== undefined)) {
      problems.push(unsupported('certificates from files', prop, "Gateway API listeners take their certificate from a Secret ('credentialName')"));
    }
    const tuning = (['minProtocolVersion', 'maxProtocolVersion', 'cipherSuites'] as const).filter(k => o[k] !== undefined);
    if (tuning.length > 0) {
      problems.push(unsupported('TLS versions and cipher suites', prop, `${tuning.map(k => `'${k}'`).join(', ')}: Gateway API listeners have no such settings`));
    }
    return {
      protocol: s.protocol === Protocol.HTTPS ? 'HTTPS' : 'TLS',
      tls: {
        mode: GatewaySpecListenersTlsMode.TERMINATE,
        certificateRefs: o.credentialName !== undefined ? [{ group: '', kind: 'Secret', name: o.credentialName }] : undefined,
      },
    };
  }
  // HTTP2, gRPC and gRPC-Web run over HTTP listeners (Envoy detects HTTP/2 and adds gRPC-Web itself);
  // Mongo, MySQL and Redis are TCP to a listener
  return { protocol: serverRouteKind({ ...s, httpsRedirect: false }) === RouteKind.HTTP ? 'HTTP' : 'TCP' };
}

/** Istio's `namespace/` part of a server host as the namespaces a listener admits routes from. */
function routeNamespaces(namespace: string | undefined): GatewaySpecListenersAllowedRoutesNamespaces {
  if (namespace === undefined || namespace === '*') {
    return { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.ALL };
  }
  if (namespace === '.') {
    return { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME };
  }
  return { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR, selector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } };
}

function slug(host: string): string {
  return host === '*' ? 'wildcard' : host.replace(/^\*\./, 'wildcard.');
}

/**
 * The listeners routes of `kind` for `hosts` in `namespace` attach to (by `sectionName`): those
 * carrying the kind whose server host admits the route, as Istio binds a VirtualService.
 */
export function parentRefsFor(
  listeners: PlannedListener[], kind: RouteKind, hosts: string[], namespace: string, gateway: { name: string; namespace: string },
): ParentReference[] {
  return listeners
    .filter(l => l.kind === kind && hosts.some(h => serverHostAdmits(l.serverHost, namespace, gateway.namespace, h)))
    .map(l => ({
      group: GATEWAY_API_GROUP,
      kind: 'Gateway',
      name: gateway.name,
      namespace: namespace !== gateway.namespace ? gateway.namespace : undefined,
      sectionName: l.listener.name,
    }));
}

/** The HTTPRoute answering every request of the HTTPS-redirect listeners with a 301 to HTTPS. */
export function renderRedirectRoute(listeners: PlannedListener[], gateway: { name: string; namespace: string }): HttpRouteSpec {
  return {
    parentRefs: listeners.filter(l => l.httpsRedirect).map(l => ({
      group: GATEWAY_API_GROUP, kind: 'Gateway', name: gateway.name, sectionName: l.listener.name,
    })),
    rules: [{
      matches: [CATCH_ALL],
      filters: [{
        type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
        requestRedirect: {
          scheme: HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS,
          statusCode: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
        },
      }],
    }],
  };
}

/** What renders the routes of one group (one set of hosts in one namespace). */
export interface GroupInput {
  readonly name: string;
  readonly namespace: string;
  readonly hosts: string[];
  readonly http: ReadonlyArray<Stored<HttpRouteOptions>>;
  readonly tcp: ReadonlyArray<Stored<TcpRouteOptions>>;
  readonly tls: ReadonlyArray<Stored<TlsRouteOptions>>;
  /** The SNI hosts of every match of every TLS route. */
  readonly sni: string[][][];
  /** The parents of the group's routes of a kind. */
  readonly parents: (kind: RouteKind) => ParentReference[];
}

/** The HTTPRoute of a group, and what keeps it from meaning what the VirtualService means. */
export function renderGroupHttpRoute(g: GroupInput): { spec: HttpRouteSpec; problems: string[] } {
  const problems: string[] = [];
  const rules: LabelledRule[] = [];
  for (const r of g.http) {
    const converted = convertHttpRoute({ label: r.label, resolve: (d, prop) => resolveBackend({ namespace: g.namespace }, d, prop) }, r.options);
    problems.push(...converted.problems);
    rules.push({ label: r.label, rule: converted.rule! });
  }
  problems.push(...precedenceProblems(rules), ...routeLimitProblems(g.name, rules.map(r => r.rule)));
  const hostnames = g.hosts.includes('*') ? undefined : [...g.hosts];
  if ((hostnames ?? []).length > MAX_HOSTNAMES) {
    problems.push(`HTTPRoute '${g.name}' would have ${hostnames!.length} hostnames: the Gateway API allows at most ${MAX_HOSTNAMES}`);
  }
  const parentRefs = g.parents(RouteKind.HTTP);
  pushIf(problems, parentRefsProblem(`HTTPRoute '${g.name}'`, parentRefs));
  return { problems, spec: { parentRefs, hostnames, rules: rules.map(r => r.rule) } };
}

/** Routes attach to at most 32 listeners. */
function parentRefsProblem(route: string, parentRefs: ParentReference[]): string | undefined {
  return parentRefs.length > MAX_PARENT_REFS
    ? `${route} would attach to ${parentRefs.length} listeners (${parentRefs.map(p => p.sectionName).join(', ')}): a Gateway API route has at most ${MAX_PARENT_REFS} parentRefs; `
      + 'serve its hosts on fewer listeners'
    : undefined;
}

/** The name of the TLSRoute of a group's `index`-th TLS route: the group's name, then `-2`, `-3` … */
export function tlsRouteName(group: string, index: number): string {
  return index === 0 ? group : `${group}-${index + 1}`;
}

/** The TLSRoute of a group's `index`-th TLS route (a TLSRoute has exactly one rule), and its problems. */
export function renderGroupTlsRoute(g: GroupInput, index: number): { spec: TlsRouteSpec; problems: string[] } {
  const r = g.tls[index];
  const problems: string[] = [];
  const matches: TlsMatch[] = r.options.matches ?? [{}];
  matches.forEach((m, i) => {
    const prefix = `matches[${i}]`;
    if (m.port !== undefined) {
      problems.push(unsupported('a port match', `${prefix}.port`, 'a TLSRoute applies on every listener that serves its hosts'));
    }
    if ((m.destinationSubnets ?? []).length > 0) {
      problems.push(unsupported('a destination subnet match', `${prefix}.destinationSubnets`, 'a TLSRoute matches SNI host names only'));
    }
    if (Object.keys(m.sourceLabels ?? {}).length > 0) {
      problems.push(unsupported('a match on the calling workload', `${prefix}.sourceLabels`, 'a TLSRoute matches SNI host names only'));
    }
    if (m.sourceNamespace !== undefined) {
      problems.push(unsupported('a match on the calling namespace', `${prefix}.sourceNamespace`, 'a TLSRoute matches SNI host names only'));
    }
    if ((m.gateways ?? []).length > 0) {
      problems.push(unsupported('gateway selection per match', `${prefix}.gateways`, "a TLSRoute's parents are the gateway listeners that serve its hosts"));
    }
  });
  const hostnames = [...new Set(g.sni[index].flat())];
  hostnames.filter(h => IPV4.test(h)).forEach(h => problems.push(unsupported(`the SNI host '${h}'`, 'matches.sniHosts',
    'a TLSRoute matches SNI host names, and SNI carries no IP addresses (RFC 6066): give host names')));
  if (hostnames.includes('*')) {
    problems.push(unsupported("the SNI host '*'", 'matches.sniHosts', "a TLSRoute names its SNI hosts ('*.' wildcards allowed): give the route's hosts or 'sniHosts'"));
  }
  if (hostnames.length > MAX_HOSTNAMES) {
    problems.push(`the TLSRoute would have ${hostnames.length} hostnames: the Gateway API allows at most ${MAX_HOSTNAMES}`);
  }
  g.sni.slice(0, index).forEach((earlier, e) => {
    const shared = hostnames.filter(h => earlier.flat().some(x => hostsIntersect(h, x)));
    if (shared.length > 0) {
      problems.push(`SNI ${shared.map(h => `'${h}'`).join(', ')} is also routed by ${g.tls[e].label}: the Gateway API picks a TLSRoute by the most specific host name, not by order, so TLS routes of one set of hosts must route different SNI hosts`);
    }
  });
  const backendRefs: TlsRouteSpecRulesBackendRefs[] = [];
  r.options.destinations.forEach((d, i) => {
    const { ref, problems: refProblems } = resolveBackend({ namespace: g.namespace }, d, `destinations[${i}]`);
    problems.push(...refProblems);
    if (ref) {
      backendRefs.push({ ...ref, weight: r.options.destinations.length > 1 ? d.weight ?? 0 : 1 });
    }
  });
  const parentRefs = g.parents(RouteKind.TLS);
  pushIf(problems, parentRefsProblem(`the TLSRoute '${tlsRouteName(g.name, index)}'`, parentRefs));
  return {
    problems: problems.map(p => `${r.label}: ${p}`),
    spec: { parentRefs, hostnames, rules: [{ backendRefs }] },
  };
}
