import { isIP } from 'node:net';
import { Duration } from 'cdk8s';
import {
  VirtualServiceSpecHttp,
  VirtualServiceSpecHttpMatch,
  VirtualServiceSpecHttpRoute,
  VirtualServiceSpecTcp,
  VirtualServiceSpecTcpMatch,
  VirtualServiceSpecTls,
} from '../imports/networking.istio.io';
import {
  CorsPolicy,
  HeaderOperations,
  HttpMatch,
  HttpRouteOptions,
  IMeshHost,
  RetryPolicy,
  Route,
  RouteDestination,
  StringMatch,
  TcpMatch,
  TcpRouteOptions,
  TlsRouteOptions,
} from '../route';
import { durationProblem, toIstioDuration } from './duration';
import { dnsLabelProblem, dnsSubdomainProblem, integerProblem, labelProblems, listOf } from './validation';

/** RFC 7230 token characters, lowercase (Istio: "header keys must be lowercase"). */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const HEADER_NAME_RULE = "lowercase letters, digits and !#$%&'*+-.^_`|~";
/** Any-case RFC 7230 token, for header operations and CORS header lists. */
const HEADER_TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** Methods Istio accepts in a CORS policy. */
const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*'];
/** Envoy counts percentages in millionths: smaller non-zero values are rejected by Istio. */
const MIN_PERCENT = 0.0001;

/** A route as stored: its options and a label for messages (`routes[1] 'jason'`). */
export interface Stored<T> {
  readonly options: T;
  readonly label: string;
}

/** The default (last) HTTP route of a host, as its owner renders it. */
export interface DefaultRoute {
  /** The route, already rendered. */
  readonly route: VirtualServiceSpecHttp;
  /** Whether a user's catch-all route makes it unnecessary (true: drop it in that case). */
  readonly replaceable: boolean;
}

/**
 * The ordered HTTP, TCP and TLS routes of one host, checked and rendered into its single
 * VirtualService.
 */
export class RouteTable {
  private readonly http: Array<Stored<HttpRouteOptions>> = [];
  private readonly tcp: Array<Stored<TcpRouteOptions>> = [];
  private readonly tls: Array<Stored<TlsRouteOptions>> = [];

  public constructor(private readonly owner: IMeshHost) {}

  public get isEmpty(): boolean {
    return this.http.length + this.tcp.length + this.tls.length === 0;
  }

  /** Names of the HTTP routes that have one. */
  public get httpRouteNames(): string[] {
    return this.http.map(r => r.options.name).filter((n): n is string => n !== undefined);
  }

  /** The HTTP routes in evaluation order, as added (for renderings other than the VirtualService). */
  public get httpEntries(): ReadonlyArray<Stored<HttpRouteOptions>> {
    return this.http;
  }

  /** The TCP routes in evaluation order, as added. */
  public get tcpEntries(): ReadonlyArray<Stored<TcpRouteOptions>> {
    return this.tcp;
  }

  /** The TLS routes in evaluation order, as added. */
  public get tlsEntries(): ReadonlyArray<Stored<TlsRouteOptions>> {
    return this.tls;
  }

  public get hasTcp(): boolean {
    return this.tcp.length > 0;
  }

  public get hasTls(): boolean {
    return this.tls.length > 0;
  }

  public get hasHttp(): boolean {
    return this.http.length > 0;
  }

  /** Index of the first HTTP route that matches every request, or -1. */
  public get httpCatchAllIndex(): number {
    return this.http.findIndex(r => isHttpCatchAll(r.options.matches));
  }

  /** Whether a TCP route matches every connection (then no default TCP route is needed). */
  public get tcpCatchAll(): boolean {
    return this.tcp.some(r => isTcpCatchAll(r.options.matches));
  }

  /** Checks values (throws every problem at once) and appends an HTTP route. */
  public addHttp(options: HttpRouteOptions): Route {
    const label = routeLabel('routes', this.http.length, options.name);
    throwAll(label, httpValueProblems(options));
    this.http.push({ options, label });
    return new Route('http', this.http.length - 1, options.name);
  }

  /** Checks values and appends a TCP route. */
  public addTcp(options: TcpRouteOptions): Route {
    const label = routeLabel('tcpRoutes', this.tcp.length, undefined);
    throwAll(label, [
      ...(options.matches ?? []).flatMap((m, i) => tcpMatchProblems(`matches[${i}]`, m)),
      ...destinationsValueProblems(options.destinations, true),
    ]);
    this.tcp.push({ options, label });
    return new Route('tcp', this.tcp.length - 1);
  }

  /** Checks values and appends a TLS route. */
  public addTls(options: TlsRouteOptions): Route {
    const label = routeLabel('tlsRoutes', this.tls.length, undefined);
    throwAll(label, [
      options.matches !== undefined && options.matches.length === 0 ? "'matches' must have at least one entry, or be left out to match the host's own SNI" : undefined,
      ...(options.matches ?? []).flatMap((m, i) => [
        m.sniHosts !== undefined && m.sniHosts.length === 0 ? `'matches[${i}].sniHosts' must have at least one entry, or be left out for the host's own SNI` : undefined,
        ...tcpMatchProblems(`matches[${i}]`, m),
      ]),
      ...destinationsValueProblems(options.destinations, true),
    ]);
    this.tls.push({ options, label });
    return new Route('tls', this.tls.length - 1);
  }

  /** Cross-object problems: undeclared versions and ports, weights, unreachable routes, names. */
  public validate(defaultRoute?: DefaultRoute): string[] {
    const problems: string[] = [];
    const names = new Map<string, string>();
    this.http.forEach(r => {
      const name = r.options.name;
      if (name !== undefined) {
        const first = names.get(name);
        if (first !== undefined) {
          problems.push(`${r.label}: route name '${name}' is already used by ${first}`);
        } else {
          names.set(name, r.label);
        }
      }
      problems.push(...this.destinationProblems(r.label, r.options.destinations ?? [], r.options.redirect === undefined));
      if (r.options.mirror) {
        problems.push(...this.destinationProblems(`${r.label} mirror`, [r.options.mirror.destination], false));
      }
      if (r.options.destinations === undefined && r.options.redirect === undefined && defaultRoute === undefined) {
        problems.push(`${r.label}: 'destinations' is required: host '${this.owner.name}' has no default version to send to`);
      }
    });
    this.tcp.forEach(r => problems.push(...this.destinationProblems(r.label, r.options.destinations, true)));
    const host = this.owner.hostFrom(this.owner.namespace);
    this.tls.forEach(r => {
      problems.push(...this.destinationProblems(r.label, r.options.destinations, true));
      (r.options.matches ?? []).forEach((m, i) => (m.sniHosts ?? []).filter(sni => !hostCovers(host, sni)).forEach(sni =>
        problems.push(`${r.label}: 'matches[${i}].sniHosts' entry '${sni}' is not within the host '${host}': Istio rejects SNI hosts outside the VirtualService's hosts`)));
    });

    problems.push(...unreachable(this.http.map(r => ({ label: r.label, catchAll: isHttpCatchAll(r.options.matches) })), 'request'));
    problems.push(...unreachable(this.tcp.map(r => ({ label: r.label, catchAll: isTcpCatchAll(r.options.matches) })), 'connection'));
    return problems;
  }

  /** The VirtualService sections. Callers validate first; rendering does not throw. */
  public renderHttp(namespace: string, defaultRoute?: DefaultRoute): VirtualServiceSpecHttp[] {
    const rendered = this.http.map(r => this.renderHttpRoute(namespace, r.options, defaultRoute));
    const lastIsCatchAll = this.http.length > 0 && isHttpCatchAll(this.http[this.http.length - 1].options.matches);
    if (defaultRoute && !(defaultRoute.replaceable && lastIsCatchAll)) {
      rendered.push(defaultRoute.route);
    }
    return rendered;
  }

  public renderTcp(namespace: string): VirtualServiceSpecTcp[] {
    return this.tcp.map(r => ({
      match: r.options.matches?.map(m => renderTcpMatch(m)),
      route: this.renderDestinations(namespace, r.options.destinations),
    }));
  }

  public renderTls(namespace: string): VirtualServiceSpecTls[] {
    return this.tls.map(r => ({
      match: (r.options.matches ?? [{}]).map(m => ({
        ...renderTcpMatch(m),
        sniHosts: m.sniHosts ? [...m.sniHosts] : [this.owner.hostFrom(namespace)],
      })),
      route: this.renderDestinations(namespace, r.options.destinations),
    }));
  }

  /** Renders destinations: host name as seen from `namespace`, subset, port and weight. */
  public renderDestinations(namespace: string, destinations: RouteDestination[]): VirtualServiceSpecHttpRoute[] {
    return destinations.map(d => ({
      destination: {
        host: (d.host ?? this.owner).hostFrom(namespace),
        subset: d.version,
        port: d.port !== undefined ? { number: d.port } : undefined,
      },
      weight: destinations.length > 1 ? d.weight : undefined,
    }));
  }

  private renderHttpRoute(namespace: string, o: HttpRouteOptions, defaultRoute?: DefaultRoute): VirtualServiceSpecHttp {
    const route = o.redirect !== undefined
      ? undefined
      : o.destinations !== undefined ? this.renderDestinations(namespace, o.destinations) : defaultRoute?.route.route;
    return {
      name: o.name,
      match: o.matches?.map(renderHttpMatch),
      route,
      redirect: o.redirect && {
        uri: o.redirect.uri,
        authority: o.redirect.authority,
        port: o.redirect.port,
        scheme: o.redirect.scheme,
        redirectCode: o.redirect.redirectCode,
      },
      rewrite: o.rewrite && { uri: o.rewrite.uri, authority: o.rewrite.authority },
      timeout: o.timeout && toIstioDuration(o.timeout),
      retries: o.retries && {
        attempts: o.retries.attempts,
        perTryTimeout: o.retries.perTryTimeout && toIstioDuration(o.retries.perTryTimeout),
        retryOn: o.retries.retryOn || o.retries.retryOnStatusCodes
          ? [...o.retries.retryOn ?? [], ...(o.retries.retryOnStatusCodes ?? []).map(String)].join(',')
          : undefined,
        retryRemoteLocalities: o.retries.retryRemoteLocalities,
      },
      fault: o.fault && {
        delay: o.fault.delay && {
          fixedDelay: toIstioDuration(o.fault.delay.fixedDelay),
          percentage: { value: o.fault.delay.percentage ?? 100 },
        },
        abort: o.fault.abort && {
          httpStatus: o.fault.abort.httpStatus,
          percentage: { value: o.fault.abort.percentage ?? 100 },
        },
      },
      mirror: o.mirror && {
        host: (o.mirror.destination.host ?? this.owner).hostFrom(namespace),
        subset: o.mirror.destination.version,
        port: o.mirror.destination.port !== undefined ? { number: o.mirror.destination.port } : undefined,
      },
      mirrorPercentage: o.mirror && { value: o.mirror.percentage ?? 100 },
      headers: o.headers && {
        request: o.headers.request && { set: o.headers.request.set, add: o.headers.request.add, remove: o.headers.request.remove },
        response: o.headers.response && { set: o.headers.response.set, add: o.headers.response.add, remove: o.headers.response.remove },
      },
      corsPolicy: o.corsPolicy && {
        allowOrigins: o.corsPolicy.allowOrigins.map(s => s._toIstio()),
        allowMethods: o.corsPolicy.allowMethods,
        allowHeaders: o.corsPolicy.allowHeaders,
        exposeHeaders: o.corsPolicy.exposeHeaders,
        maxAge: o.corsPolicy.maxAge && toIstioDuration(o.corsPolicy.maxAge),
        allowCredentials: o.corsPolicy.allowCredentials,
      },
    };
  }

  private destinationProblems(label: string, destinations: RouteDestination[], weighted: boolean): string[] {
    const problems: string[] = [];
    for (const d of destinations) {
      const host = d.host ?? this.owner;
      const hosts: string[] | undefined = (host as { hosts?: string[] }).hosts;
      if (d.host !== undefined && hosts !== undefined && (hosts.length > 1 || hosts[0].startsWith('*'))) {
        problems.push(`${label}: external service '${host.name}' has ${hosts.length > 1 ? 'several hosts' : 'a wildcard host'} (${listOf(hosts)}), so a route cannot name one destination: declare one ExternalService per host`);
      }
      if (d.version !== undefined && !host.versionNames.includes(d.version)) {
        problems.push(`${label}: version '${d.version}' is not declared on '${host.name}' (declared: ${listOf(host.versionNames)})`);
      }
      if (d.port !== undefined && host.portNumbers.length > 0 && !host.portNumbers.includes(d.port)) {
        problems.push(`${label}: port ${d.port} is not a port of '${host.name}' (ports: ${listOf(host.portNumbers.map(String))})`);
      }
    }
    if (weighted && destinations.length > 1) {
      const missing = destinations.filter(d => d.weight === undefined).length;
      const sum = destinations.reduce((s, d) => s + (d.weight ?? 0), 0);
      if (missing > 0) {
        problems.push(`${label}: every destination needs a 'weight' when a route has several (${missing} of ${destinations.length} have none)`);
      } else if (sum !== 100) {
        problems.push(`${label}: destination weights must add up to 100, got ${destinations.map(d => d.weight).join(' + ')} = ${sum}`);
      }
    } else if (weighted && destinations.length === 1 && destinations[0].weight !== undefined && destinations[0].weight !== 100) {
      problems.push(`${label}: a single destination receives all traffic: its 'weight' must be 100 or unset, got ${destinations[0].weight}`);
    }
    return problems;
  }
}

/** Whether HTTP matches cover every request: none, an empty one, or a `/` prefix (or `.*` regex) alone. */
export function isHttpCatchAll(matches: HttpMatch[] | undefined): boolean {
  if (matches === undefined || matches.length === 0) {
    return true;
  }
  return matches.some(m => {
    const { uri, ignoreUriCase, name, ...rest } = m;
    const others = Object.values(rest).filter(v => !isEmptyCondition(v));
    const uriAll = uri === undefined
      || (uri.kind === 'prefix' && uri.value === '/')
      || (uri.kind === 'regex' && (uri.value === '.*' || uri.value === '/.*'));
    return uriAll && others.length === 0;
  });
}

function isTcpCatchAll(matches: TcpMatch[] | undefined): boolean {
  return matches === undefined || matches.length === 0 || matches.some(m => Object.values(m).every(isEmptyCondition));
}

/** A condition that restricts nothing: unset, an empty list or an empty map. */
function isEmptyCondition(v: unknown): boolean {
  return v === undefined || (Array.isArray(v) && v.length === 0)
    || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

function unreachable(routes: Array<{ label: string; catchAll: boolean }>, what: string): string[] {
  const first = routes.findIndex(r => r.catchAll);
  if (first < 0) {
    return [];
  }
  return routes.slice(first + 1).map(r =>
    `${r.label} is unreachable: ${routes[first].label} before it matches every ${what}; put more specific routes first`);
}

/**
 * Whether Istio's SNI-host check accepts `sni` for a VirtualService host: `sni` must be a subset
 * of the host. The hosts here are never wildcards (service names; an external service with
 * routes has one non-wildcard host), so that means equality.
 */
function hostCovers(host: string, sni: string): boolean {
  return host === sni;
}

function routeLabel(list: string, index: number, name: string | undefined): string {
  return name === undefined ? `${list}[${index}]` : `${list}[${index}] '${name}'`;
}

function throwAll(label: string, problems: Array<string | undefined>): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length > 0) {
    throw new Error(found.map(p => `${label}: ${p}`).join('\n'));
  }
}

function renderStringMap(map: { [k: string]: StringMatch } | undefined): { [k: string]: any } | undefined {
  return map && Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v._toIstio()]));
}

export function renderHttpMatch(m: HttpMatch): VirtualServiceSpecHttpMatch {
  return {
    name: m.name,
    uri: m.uri?._toIstio(),
    ignoreUriCase: m.ignoreUriCase,
    scheme: m.scheme?._toIstio(),
    method: m.method?._toIstio(),
    authority: m.authority?._toIstio(),
    headers: renderStringMap(m.headers),
    withoutHeaders: renderStringMap(m.withoutHeaders),
    queryParams: renderStringMap(m.queryParams),
    port: m.port,
    sourceLabels: m.sourceLabels,
    sourceNamespace: m.sourceNamespace,
    gateways: m.gateways,
  };
}

function renderTcpMatch(m: TcpMatch): VirtualServiceSpecTcpMatch {
  return {
    port: m.port,
    destinationSubnets: m.destinationSubnets,
    sourceLabels: m.sourceLabels,
    sourceNamespace: m.sourceNamespace,
    gateways: m.gateways,
  };
}

/** Percentages are 0–100 and may be fractional (Istio's `Percent`). */
export function percentProblem(prop: string, value: number | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    return `'${prop}' must be a percentage between 0 and 100, got ${value}`;
  }
  if (value > 0 && value < MIN_PERCENT) {
    return `'${prop}' must be 0 or at least ${MIN_PERCENT} (Envoy counts in millionths), got ${value}`;
  }
  return undefined;
}

function durationIf(prop: string, d: Duration | undefined): string | undefined {
  return d === undefined ? undefined : durationProblem(prop, d);
}

function httpMatchProblems(prefix: string, m: HttpMatch): Array<string | undefined> {
  return [
    m.name !== undefined ? dnsLabelProblem(`${prefix}.name`, m.name) : undefined,
    integerProblem(`${prefix}.port`, m.port, 1, 65535),
    ...(['headers', 'withoutHeaders'] as const).flatMap(map => Object.keys(m[map] ?? {}).filter(h => !HEADER_NAME.test(h))
      .map(h => `'${prefix}.${map}' key '${h}' must be a lowercase header name (${HEADER_NAME_RULE})`)),
    ...labelProblems(`${prefix}.sourceLabels`, m.sourceLabels),
    m.sourceNamespace !== undefined ? dnsLabelProblem(`${prefix}.sourceNamespace`, m.sourceNamespace) : undefined,
    ...gatewayProblems(prefix, m.gateways),
    m.uri?.kind === 'present' ? `'${prefix}.uri' cannot be StringMatch.present(): every request has a URI` : undefined,
    ...['scheme', 'method', 'authority'].filter(k => (m as any)[k]?.kind === 'present')
      .map(k => `'${prefix}.${k}' cannot be StringMatch.present(): use exact, prefix or regex`),
  ];
}

function tcpMatchProblems(prefix: string, m: TcpMatch): Array<string | undefined> {
  return [
    integerProblem(`${prefix}.port`, m.port, 1, 65535),
    ...(m.destinationSubnets ?? []).map((s, i) => subnetProblem(`${prefix}.destinationSubnets[${i}]`, s)),
    ...labelProblems(`${prefix}.sourceLabels`, m.sourceLabels),
    m.sourceNamespace !== undefined ? dnsLabelProblem(`${prefix}.sourceNamespace`, m.sourceNamespace) : undefined,
    ...gatewayProblems(prefix, m.gateways),
  ];
}

/** Gateway references: `mesh`, `<namespace>/<name>`, or a bare (or legacy dotted) name. */
function gatewayProblems(prefix: string, gateways: string[] | undefined): Array<string | undefined> {
  return (gateways ?? []).map((g, i) => {
    const parts = g.split('/');
    const valid = g === 'mesh'
      || (parts.length === 1 && dnsSubdomainProblem('', g) === undefined)
      || (parts.length === 2 && parts.every(p => dnsLabelProblem('', p) === undefined));
    return valid ? undefined : `'${prefix}.gateways[${i}]' must be 'mesh', '<name>' or '<namespace>/<name>' (DNS-1123 labels), got '${g}'`;
  });
}

/** An IPv4/IPv6 address or CIDR block. */
function subnetProblem(prop: string, value: string): string | undefined {
  const [address, bits, extra] = value.split('/');
  const family = isIP(address);
  const maxBits = family === 6 ? 128 : 32;
  const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
  if (family === 0 || !validBits || extra !== undefined) {
    return `'${prop}' must be an IPv4 or IPv6 address or CIDR block, got '${value}'`;
  }
  return undefined;
}

function destinationsValueProblems(destinations: RouteDestination[], required: boolean): Array<string | undefined> {
  return [
    required && destinations.length === 0 ? "'destinations' must have at least one entry" : undefined,
    ...destinations.flatMap((d, i) => [
      integerProblem(`destinations[${i}].weight`, d.weight, 0, 100),
      integerProblem(`destinations[${i}].port`, d.port, 1, 65535),
    ]),
  ];
}

/**
 * Header operations as Istio validates them: names are tokens; `host` and `:`-pseudo-headers
 * cannot be changed, except that requests may set or add the authority (`host` / `:authority`);
 * values are free text where `%` starts an Envoy variable (`%HOSTNAME%`) and a literal `%` is `%%`.
 */
function headerOpsProblems(prefix: string, ops: HeaderOperations | undefined, request: boolean): string[] {
  if (!ops) {
    return [];
  }
  const problems: string[] = [];
  const named: Array<[string, string, string | undefined]> = [
    ...Object.entries(ops.set ?? {}).map(([n, v]): [string, string, string] => ['set', n, v]),
    ...Object.entries(ops.add ?? {}).map(([n, v]): [string, string, string] => ['add', n, v]),
    ...(ops.remove ?? []).map((n): [string, string, undefined] => ['remove', n, undefined]),
  ];
  for (const [op, name, value] of named) {
    const prop = `${prefix}.${op}`;
    const authority = isAuthorityHeader(name);
    if (name.length === 0) {
      problems.push(`'${prop}' has an empty header name`);
    } else if (authority && (!request || op === 'remove')) {
      problems.push(`'${prop}' cannot ${op === 'remove' ? 'remove' : 'change'} header '${name}': ${request ? 'every request needs an authority' : 'responses have no authority'}`);
    } else if (name.startsWith(':') && !authority) {
      problems.push(`'${prop}' cannot change pseudo-header '${name}'`);
    } else if (!authority && !HEADER_TOKEN.test(name)) {
      problems.push(`'${prop}' has an invalid header name '${name}' (letters, digits and !#$%&'*+-.^_\`|~)`);
    }
    const valueProblem = value === undefined ? undefined : headerValueProblem(value);
    if (valueProblem !== undefined) {
      problems.push(`'${prop}' value of '${name}' ${valueProblem}, got ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

function isAuthorityHeader(name: string): boolean {
  return name.toLowerCase() === 'host' || name.toLowerCase() === ':authority';
}

/** Envoy's header value syntax: no control characters; `%` opens `%VAR%` or `%VAR(args)%`, `%%` is a literal `%`. */
function headerValueProblem(value: string): string | undefined {
  if (/[\u0000-\u0008\u000A-\u001F\u007F]/.test(value)) {
    return 'must not contain control characters';
  }
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '%') {
      continue;
    }
    if (value[i + 1] === '%') {
      i++;
      continue;
    }
    const variable = /^%[^%(]*(\([^)]*\)\s*)?%/.exec(value.slice(i));
    if (!variable) {
      return "has an unterminated '%' (write a literal '%' as '%%', a variable as '%NAME%')";
    }
    i += variable[0].length - 1;
  }
  return undefined;
}

/** Rewrites of the authority: `rewrite.authority` and request `set`/`add` of `host` or `:authority`; Istio allows one. */
function authorityRewriteProblem(o: HttpRouteOptions): string | undefined {
  const sources = [
    ...o.rewrite?.authority !== undefined ? ["'rewrite.authority'"] : [],
    ...(['set', 'add'] as const).flatMap(op => Object.keys(o.headers?.request?.[op] ?? {})
      .filter(isAuthorityHeader).map(n => `'headers.request.${op}' of '${n}'`)),
  ];
  return sources.length > 1 ? `the authority can be rewritten only once, got ${sources.join(' and ')}` : undefined;
}

function corsProblems(cors: CorsPolicy): Array<string | undefined> {
  const maxAgeMs = cors.maxAge?.toMilliseconds({ integral: false });
  return [
    cors.allowOrigins.length === 0 ? "'corsPolicy.allowOrigins' must have at least one entry" : undefined,
    cors.allowOrigins.some(s => s.kind === 'present') ? "'corsPolicy.allowOrigins' cannot use StringMatch.present()" : undefined,
    ...cors.allowOrigins.map((s, i) => s.kind !== 'present' && s.value === '' ? `'corsPolicy.allowOrigins[${i}]' must not be empty` : undefined),
    ...(cors.allowMethods ?? []).filter(m => !CORS_METHODS.includes(m))
      .map(m => `'corsPolicy.allowMethods' has an unsupported method '${m}' (allowed: ${CORS_METHODS.join(', ')})`),
    ...(['allowHeaders', 'exposeHeaders'] as const).flatMap(k => (cors[k] ?? []).filter(h => h !== '*' && !HEADER_TOKEN.test(h))
      .map(h => `'corsPolicy.${k}' has an invalid header name '${h}' (letters, digits and !#$%&'*+-.^_\`|~, or '*')`)),
    durationIf('corsPolicy.maxAge', cors.maxAge)
      ?? (maxAgeMs !== undefined && maxAgeMs % 1000 !== 0 ? `'corsPolicy.maxAge' must be a whole number of seconds, got ${maxAgeMs}ms` : undefined),
  ];
}

function httpValueProblems(o: HttpRouteOptions): Array<string | undefined> {
  return [
    o.name !== undefined ? dnsLabelProblem('name', o.name) : undefined,
    ...(o.matches ?? []).flatMap((m, i) => httpMatchProblems(`matches[${i}]`, m)),
    ...o.destinations !== undefined ? destinationsValueProblems(o.destinations, true) : [],
    o.redirect !== undefined && o.destinations !== undefined ? "'redirect' and 'destinations' exclude each other: a redirect answers instead of forwarding" : undefined,
    o.redirect !== undefined && o.rewrite !== undefined ? "'redirect' and 'rewrite' exclude each other" : undefined,
    o.redirect !== undefined && o.mirror !== undefined ? "'redirect' and 'mirror' exclude each other" : undefined,
    o.redirect !== undefined && o.fault !== undefined ? "'redirect' and 'fault' exclude each other" : undefined,
    durationIf('timeout', o.timeout),
    ...o.retries ? [
      integerProblem('retries.attempts', o.retries.attempts, 0, 1000),
      durationIf('retries.perTryTimeout', o.retries.perTryTimeout),
      o.retries.retryOn !== undefined && o.retries.retryOn.length === 0 ? "'retries.retryOn' must not be empty (leave it out for Istio's default)" : undefined,
      ...(o.retries.retryOnStatusCodes ?? []).map((c, i) => integerProblem(`retries.retryOnStatusCodes[${i}]`, c, 100, 599)),
      retriesDisabledProblem(o.retries),
    ] : [],
    ...o.fault ? [
      o.fault.delay === undefined && o.fault.abort === undefined ? "'fault' needs a 'delay', an 'abort' or both" : undefined,
      o.fault.delay ? durationProblem('fault.delay.fixedDelay', o.fault.delay.fixedDelay) : undefined,
      percentProblem('fault.delay.percentage', o.fault.delay?.percentage),
      o.fault.abort ? integerProblem('fault.abort.httpStatus', o.fault.abort.httpStatus, 200, 599) : undefined,
      percentProblem('fault.abort.percentage', o.fault.abort?.percentage),
    ] : [],
    ...o.mirror ? [
      o.mirror.destination.weight !== undefined ? `'mirror.destination.weight' must not be set: a mirror receives a copy of ${o.mirror.percentage ?? 100}% of requests` : undefined,
      integerProblem('mirror.destination.port', o.mirror.destination.port, 1, 65535),
      percentProblem('mirror.percentage', o.mirror.percentage),
    ] : [],
    ...o.redirect ? [
      o.redirect.uri === undefined && o.redirect.authority === undefined && o.redirect.port === undefined && o.redirect.scheme === undefined
        ? "'redirect' needs a 'uri', an 'authority', a 'port' or a 'scheme': a redirect to the same URL loops" : undefined,
      integerProblem('redirect.port', o.redirect.port, 1, 65535),
      integerProblem('redirect.redirectCode', o.redirect.redirectCode, 300, 399),
      o.redirect.scheme !== undefined && !['http', 'https'].includes(o.redirect.scheme) ? `'redirect.scheme' must be 'http' or 'https', got '${o.redirect.scheme}'` : undefined,
    ] : [],
    o.rewrite !== undefined && o.rewrite.uri === undefined && o.rewrite.authority === undefined ? "'rewrite' needs a 'uri', an 'authority' or both" : undefined,
    ...headerOpsProblems('headers.request', o.headers?.request, true),
    ...headerOpsProblems('headers.response', o.headers?.response, false),
    authorityRewriteProblem(o),
    ...o.corsPolicy ? corsProblems(o.corsPolicy) : [],
  ];
}

/** Istio rejects retry settings when `attempts` is 0 (retries disabled). */
function retriesDisabledProblem(r: RetryPolicy): string | undefined {
  if (r.attempts !== 0) {
    return undefined;
  }
  const set = (['perTryTimeout', 'retryOn', 'retryOnStatusCodes', 'retryRemoteLocalities'] as const).filter(k => r[k] !== undefined);
  return set.length > 0
    ? `'retries.attempts' 0 disables retries, so ${set.map(k => `'retries.${k}'`).join(', ')} must not be set`
    : undefined;
}
