/**
 * Random meshes for property-based tests: a fast-check arbitrary of plain mesh descriptions
 * (`MeshSpec`), and `buildMesh`, which declares one with the library's constructs.
 *
 * Values are mostly valid, with edge values and invalid ones mixed in (ports 0 and 65536, weights
 * above 100, upper-case names, bad regexes …), so that both outcomes of a synthesis are exercised:
 * a clear error, or output.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  Canary, CanaryTesters, CircuitBreaker, ClientTls, Gateway, GatewayServer, GatewayTls, HttpMatch,
  LoadBalancer, Mesh, MeshService, MtlsMode, Protocol, RetryOn, RouteDestination, RoutingApi, ServiceEntryResolution,
  StringMatch,
} from '../../src';

/** A string match, as data. */
export interface MatchSpec {
  readonly kind: 'exact' | 'prefix' | 'regex' | 'present';
  readonly value: string;
}

export interface RouteSpec {
  readonly uri?: MatchSpec;
  readonly method?: MatchSpec;
  readonly header?: { readonly name: string; readonly match: MatchSpec };
  /** a match port: the index of one of the service's ports (modulo their number), or a port number (rarely; mostly an error) */
  readonly port?: { readonly index: number } | number;
  /** indexes into the service's versions, modulo their number (UNDECLARED names an undeclared version) */
  readonly versions: number[];
  /** the first destination's weight (the second gets the rest), or arbitrary weights (rarely, mostly an error) */
  readonly weights?: number | number[];
  readonly timeoutMs?: number;
  readonly retries?: { readonly attempts: number; readonly perTryTimeoutMs?: number; readonly codes?: number[] };
  readonly abortStatus?: number;
  readonly delayMs?: number;
}

export interface VersionSpec {
  readonly name: string;
  readonly image?: string;
  readonly replicas?: number;
  readonly deploy?: boolean;
}

export interface ServiceSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly ports: Array<{ readonly port: number; readonly protocol?: Protocol; readonly targetPort?: number }>;
  readonly versions: VersionSpec[];
  readonly serviceAccountName?: string;
  readonly routes: RouteSpec[];
  readonly canary?: {
    readonly stable: number; readonly sameVersion: boolean; readonly weight: number; readonly testers: boolean; readonly mirror?: number;
  };
  readonly breaker?: {
    readonly maxConnections: number; readonly consecutive5xxErrors: number; readonly ejectionPercent: number; readonly version?: number;
  };
  readonly policy?: { readonly lb: 'round-robin' | 'least-request' | 'header'; readonly tls?: 'istio-mutual' | 'disable' | 'simple' };
}

export interface ExternalSpec {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly resolution: ServiceEntryResolution;
  readonly addresses?: string[];
}

export interface GatewaySpec {
  readonly name: string;
  readonly port: number;
  readonly https: boolean;
  readonly hosts: string[];
  /** routes: a host, and the index of the service they send to */
  readonly routes: Array<{ readonly host: string; readonly service: number; readonly prefix: string }>;
}

export interface MeshSpec {
  readonly routingApi: RoutingApi;
  readonly mtls: MtlsMode;
  readonly services: ServiceSpec[];
  readonly externals: ExternalSpec[];
  readonly gateway?: GatewaySpec;
}

/**
 * Mostly `valid`, rarely `invalid`: a mesh has about 75 values and fails at the first bad one, so
 * one value in 150 being bad makes about 40% of the meshes fail.
 */
function mostly<T, U = T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>): fc.Arbitrary<T | U> {
  // not fc.oneof with weights: fast-check's bias towards small sizes picks the rare branch far more
  // often than its weight says; 75 is no edge value of the range, so it is drawn 1 time in 150
  return fc.integer({ min: 0, max: 149 }).chain<T | U>(i => i === 75 ? invalid : valid);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** A version index that names no declared version. */
const UNDECLARED = -1;
const dnsLabel = fc.tuple(fc.constantFrom(...LETTERS), fc.string({ unit: fc.constantFrom(...(LETTERS + '0123456789-')), maxLength: 10 }))
  .map(([first, rest]) => (first + rest).replace(/-+$/, ''));
const badName = fc.constantFrom('', 'Reviews', '9lives', 'a_b', 'x'.repeat(64), 'a.b', '-a', 'a-', 'ünicode');
const name = mostly(dnsLabel, badName);

const port = mostly(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(0, -1, 65536, 80.5, 15001, 15006, 15021, 15090));
const protocols = [Protocol.HTTP, Protocol.HTTP2, Protocol.GRPC, Protocol.TCP, Protocol.TLS, Protocol.HTTPS, Protocol.GRPC_WEB,
  Protocol.MONGO, Protocol.MYSQL, Protocol.REDIS, Protocol.UDP];
// mostly HTTP-like ports (routes apply to them), sometimes anything
const HTTP_LIKE = [undefined, Protocol.HTTP, Protocol.HTTP2, Protocol.GRPC, Protocol.GRPC_WEB];
const protocol = fc.oneof(
  { arbitrary: fc.constantFrom(undefined, Protocol.HTTP, Protocol.GRPC, Protocol.HTTP2), weight: 4 },
  { arbitrary: fc.constantFrom(...protocols), weight: 1 },
);

const REGEXES = ['.*', '/api/.*', '^/v[0-9]+/.*$', '(?i)/Static/.*', '[a-z]+', '/(a|b)/c', '\\pN+', '(?P<x>a)b', 'x{2,3}'];
const BAD_REGEXES = ['foo\\y', '[a-\\d]', '(unclosed', 'a{1001}', 'a\\e', '[[:foo:]]'];
// paths start with '/' (rarely not, or empty: errors, since no request path matches them)
const uriValue = mostly(fc.oneof(fc.constantFrom('/', '/api', '/api/v1', '/static/'), fc.webPath().map(p => p.startsWith('/') ? p : `/${p}`)), fc.constantFrom('', 'nolead'));
/** A string match; `present()` only where it means something (headers), and rarely elsewhere (an error). */
const stringMatch = (values: fc.Arbitrary<string>, presentWeight = 0): fc.Arbitrary<MatchSpec> => fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant<'exact'>('exact'), value: values }), weight: 300 },
  { arbitrary: fc.record({ kind: fc.constant<'prefix'>('prefix'), value: values }), weight: 300 },
  { arbitrary: fc.record({ kind: fc.constant<'regex'>('regex'), value: mostly(fc.constantFrom(...REGEXES), fc.constantFrom(...BAD_REGEXES)) }), weight: 200 },
  { arbitrary: fc.record({ kind: fc.constant<'present'>('present'), value: fc.constant('') }), weight: presentWeight || 1 },
);
// methods are upper case (rarely not, or empty: errors)
const methods = mostly(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), fc.constantFrom('get', ''));
const headerName = mostly(fc.constantFrom('end-user', 'x-canary', 'cookie', 'x-request-id'), fc.constantFrom('bad header', '', 'X_Y', ':authority'));
const image = mostly(fc.constantFrom('registry.example.com/shop/reviews:1.2.3', 'nginx:1.27', 'example/app@sha256:' + 'a'.repeat(64), 'ghcr.io/org/app:v2'),
  fc.constantFrom('', 'has space:1', 'Docker.io/Istio', 'a:'));
const statusCode = mostly(fc.constantFrom(400, 404, 500, 502, 503, 504), fc.constantFrom(99, 499, 520, 600));

const route: fc.Arbitrary<RouteSpec> = fc.record({
  uri: fc.option(stringMatch(uriValue), { nil: undefined }),
  method: fc.option(stringMatch(methods), { nil: undefined }),
  header: fc.option(fc.record({ name: headerName, match: stringMatch(mostly(fc.constantFrom('jason', 'always', '1'), fc.constant('')), 100) }), { nil: undefined }),
  port: fc.option(mostly(fc.record({ index: fc.nat() }), port), { nil: undefined, freq: 6 }),
  versions: fc.array(mostly(fc.nat(), fc.constant(UNDECLARED)), { minLength: 1, maxLength: 2 }),
  // several destinations need weights: mostly given (rarely none, or odd ones: errors)
  weights: mostly(fc.integer({ min: 0, max: 100 }),
    fc.oneof(fc.constant(undefined), fc.array(fc.constantFrom(-1, 101, 50.5, 30), { minLength: 1, maxLength: 2 }))),
  timeoutMs: fc.option(mostly(fc.integer({ min: 1, max: 60_000 }), fc.constantFrom(0, 0.5)), { nil: undefined }),
  retries: fc.option(fc.oneof(
    fc.record({
      attempts: mostly(fc.integer({ min: 1, max: 10 }), fc.constant(-1)),
      perTryTimeoutMs: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
      codes: fc.option(fc.array(statusCode, { maxLength: 2 }), { nil: undefined }),
    }),
    // 0 turns retries off, and takes nothing else
    fc.constant({ attempts: 0 }),
  ), { nil: undefined }),
  abortStatus: fc.option(statusCode, { nil: undefined, freq: 8 }),
  delayMs: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined, freq: 8 }),
});

const service: fc.Arbitrary<ServiceSpec> = fc.record({
  name,
  namespace: fc.option(mostly(fc.constantFrom('default', 'shop', 'team-a'), fc.constantFrom('Shop', 'istio-system')), { nil: undefined }),
  ports: fc.array(fc.record({ port, protocol, targetPort: fc.option(port, { nil: undefined, freq: 4 }) }), { minLength: 1, maxLength: 3 }),
  versions: fc.uniqueArray(fc.record({
    name: mostly(fc.constantFrom('v1', 'v2', 'v3', 'canary', 'stable'), fc.constantFrom('V1', '', 'v_1')),
    image,
    replicas: fc.option(mostly(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-1, 1.5)), { nil: undefined }),
    // a version whose pods come from elsewhere has no image (rarely both, which is an error)
    deploy: mostly(fc.constant(undefined), fc.constant(false)),
  }).map(v => v.deploy === false && v.image !== undefined && v.image.length % 5 !== 0 ? { ...v, image: undefined } : v),
  { minLength: 1, maxLength: 3, selector: v => v.name }),
  serviceAccountName: fc.option(mostly(fc.constantFrom('shared-sa', 'shop'), fc.constant('Bad_SA')), { nil: undefined, freq: 4 }),
  routes: fc.array(route, { maxLength: 3 }),
  canary: fc.option(fc.record({
    stable: fc.nat(),
    // the canary is the version after the stable one (rarely the same one, which is an error)
    sameVersion: mostly(fc.constant(false), fc.constant(true)),
    weight: mostly(fc.integer({ min: 0, max: 100 }), fc.constantFrom(-1, 101)),
    testers: fc.boolean(),
    mirror: fc.option(mostly(fc.integer({ min: 0, max: 100 }), fc.constant(150)), { nil: undefined, freq: 4 }),
  }), { nil: undefined, freq: 3 }),
  breaker: fc.option(fc.record({
    maxConnections: mostly(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(0, -5)),
    consecutive5xxErrors: fc.integer({ min: 0, max: 100 }),
    ejectionPercent: mostly(fc.integer({ min: 0, max: 100 }), fc.constant(101)),
    version: fc.option(mostly(fc.nat(), fc.constant(UNDECLARED)), { nil: undefined }),
  }), { nil: undefined, freq: 3 }),
  policy: fc.option(fc.record({
    lb: fc.constantFrom<'round-robin' | 'least-request' | 'header'>('round-robin', 'least-request', 'header'),
    // ISTIO_MUTUAL agrees with every mTLS mode but DISABLE; others contradict STRICT (an error)
    tls: fc.option(mostly(fc.constant<'istio-mutual'>('istio-mutual'), fc.constantFrom<'disable' | 'simple'>('disable', 'simple')), { nil: undefined }),
  }), { nil: undefined, freq: 3 }),
});

const external: fc.Arbitrary<ExternalSpec> = fc.record({
  name: dnsLabel,
  host: mostly(fc.constantFrom('api.example.com', 'www.googleapis.com', '*.example.org', 'db.internal'), fc.constantFrom('', 'bad host', 'UPPER.example.com')),
  port: fc.constantFrom(80, 443, 5432, 8443),
  protocol: fc.constantFrom(Protocol.HTTP, Protocol.HTTPS, Protocol.TLS, Protocol.TCP, Protocol.GRPC),
  resolution: mostly(fc.constantFrom(ServiceEntryResolution.DNS, ServiceEntryResolution.NONE), fc.constant(ServiceEntryResolution.STATIC)),
  // the addresses of the service (needed for TCP ports with NONE resolution; rarely missing there, an error)
  addresses: mostly(fc.constant(['203.0.113.0/24']), fc.constant(undefined)),
});

const gateway: fc.Arbitrary<GatewaySpec> = fc.record({
  name: dnsLabel,
  port: mostly(fc.constantFrom(80, 443, 8080, 8443), fc.constantFrom(0, 15021)),
  https: fc.boolean(),
  hosts: fc.uniqueArray(mostly(fc.constantFrom('shop.example.com', '*.example.com', '*', 'api.example.com'), fc.constantFrom('', 'bad host')), { minLength: 1, maxLength: 2 }),
  routes: fc.array(fc.record({
    host: fc.constantFrom('shop.example.com', 'api.example.com', 'other.example.net'),
    service: fc.integer({ min: 0, max: 3 }),
    prefix: fc.constantFrom('/', '/api', '/shop/'),
  }), { maxLength: 2 }),
});

/** A random mesh description. */
export const meshSpec: fc.Arbitrary<MeshSpec> = fc.record({
  routingApi: fc.constantFrom(RoutingApi.ISTIO, RoutingApi.ISTIO, RoutingApi.GATEWAY_API),
  mtls: fc.constantFrom(MtlsMode.STRICT, MtlsMode.STRICT, MtlsMode.PERMISSIVE, MtlsMode.DISABLE),
  services: fc.array(service, { minLength: 1, maxLength: 4 }),
  externals: fc.array(external, { maxLength: 2 }),
  gateway: fc.option(gateway, { nil: undefined, freq: 3 }),
});

function toMatch(m: MatchSpec): StringMatch {
  switch (m.kind) {
    case 'exact': return StringMatch.exact(m.value);
    case 'prefix': return StringMatch.prefix(m.value);
    case 'regex': return StringMatch.regex(m.value);
    default: return StringMatch.present();
  }
}

/**
 * Declares the mesh in a chart `mesh` of `app` (any construct error propagates: value checks
 * throw where a value is given, cross-object checks at synthesis).
 */
export function buildMesh(app: App, spec: MeshSpec): Chart {
  const chart = new Chart(app, 'mesh');
  const mesh = new Mesh(chart, 'mesh', { routingApi: spec.routingApi, mtls: spec.mtls });
  const services: MeshService[] = [];
  spec.services.forEach((s, i) => {
    const svc = mesh.addService(s.name, {
      namespace: s.namespace,
      ports: s.ports.map(p => ({ port: p.port, protocol: p.protocol, targetPort: p.targetPort })),
      versions: s.versions.map(v => ({ name: v.name, image: v.image, replicas: v.replicas, deploy: v.deploy })),
      serviceAccountName: s.serviceAccountName,
    });
    services.push(svc);
    // the ports HTTP routes apply to (a match on another port is an error); the first port when none
    const httpPorts = s.ports.filter(p => HTTP_LIKE.includes(p.protocol)).map(p => p.port);
    if (httpPorts.length === 0) httpPorts.push(s.ports[0].port);
    const versionName = (index: number) => index === UNDECLARED ? 'undeclared' : s.versions[index % s.versions.length].name;
    if (s.policy) {
      svc.addTrafficPolicy({
        loadBalancer: s.policy.lb === 'round-robin' ? LoadBalancer.roundRobin() : s.policy.lb === 'least-request' ? LoadBalancer.leastRequest() : LoadBalancer.consistentHashHeader('x-user'),
        // ISTIO_MUTUAL where the mesh has mTLS, DISABLE where it has none
        tls: s.policy.tls === undefined ? undefined : s.policy.tls === 'istio-mutual' ? (spec.mtls === MtlsMode.DISABLE ? ClientTls.disable() : ClientTls.istioMutual())
          : s.policy.tls === 'disable' ? ClientTls.disable() : ClientTls.simple(),
      });
    }
    s.routes.forEach(r => {
      const match: HttpMatch = {
        uri: r.uri && toMatch(r.uri),
        method: r.method && toMatch(r.method),
        headers: r.header && { [r.header.name]: toMatch(r.header.match) },
        port: typeof r.port === 'object' ? httpPorts[r.port.index % httpPorts.length] : r.port,
      };
      const empty = Object.values(match).every(v => v === undefined);
      const weights = typeof r.weights === 'number' ? (r.versions.length === 1 ? [100] : [r.weights, 100 - r.weights]) : r.weights;
      const destinations: RouteDestination[] = r.versions.map((v, j) => ({ version: versionName(v), weight: weights?.[j] }));
      svc.addRoute({
        matches: empty ? undefined : [match],
        destinations,
        timeout: r.timeoutMs === undefined ? undefined : Duration.millis(r.timeoutMs),
        retries: r.retries && {
          attempts: r.retries.attempts,
          perTryTimeout: r.retries.perTryTimeoutMs === undefined ? undefined : Duration.millis(r.retries.perTryTimeoutMs),
          retryOn: r.retries.codes === undefined && r.retries.attempts !== 0 ? [RetryOn.GATEWAY_ERROR] : undefined,
          retryOnStatusCodes: r.retries.codes,
        },
        fault: r.abortStatus === undefined && r.delayMs === undefined ? undefined : {
          abort: r.abortStatus === undefined ? undefined : { httpStatus: r.abortStatus, percentage: 10 },
          delay: r.delayMs === undefined ? undefined : { fixedDelay: Duration.millis(r.delayMs), percentage: 5 },
        },
      });
    });
    // a canary needs two versions; a one-version service gets one only rarely (an error)
    if (s.canary && (s.versions.length > 1 || s.canary.sameVersion)) {
      new Canary(chart, `canary-${i}`, {
        service: svc,
        stableVersion: versionName(s.canary.stable),
        canaryVersion: versionName(s.canary.sameVersion ? s.canary.stable : s.canary.stable % s.versions.length + 1),
        weight: s.canary.weight,
        testers: s.canary.testers ? CanaryTesters.header('x-canary', StringMatch.exact('1')) : undefined,
        mirrorPercentage: s.canary.mirror,
      });
    }
    if (s.breaker) {
      new CircuitBreaker(chart, `breaker-${i}`, {
        host: svc,
        version: s.breaker.version === undefined ? undefined : versionName(s.breaker.version),
        connectionPool: { tcp: { maxConnections: s.breaker.maxConnections } },
        outlierDetection: {
          consecutive5xxErrors: s.breaker.consecutive5xxErrors,
          interval: Duration.seconds(10),
          baseEjectionTime: Duration.seconds(30),
          maxEjectionPercent: s.breaker.ejectionPercent,
        },
      });
    }
  });
  for (const e of spec.externals) {
    // a wildcard host can only be resolved by the caller (NONE)
    const resolution = e.host.startsWith('*') ? ServiceEntryResolution.NONE : e.resolution;
    mesh.addExternalService(e.name, {
      hosts: [e.host],
      resolution,
      // CIDR blocks go with NONE resolution only
      addresses: resolution === ServiceEntryResolution.NONE ? e.addresses : undefined,
      ports: [{ number: e.port, protocol: e.protocol, name: `${e.protocol.toLowerCase()}-${e.port}` }],
    });
  }
  if (spec.gateway) {
    const g = spec.gateway;
    const gw = new Gateway(chart, 'gateway', {
      mesh,
      name: g.name,
      servers: [g.https
        ? GatewayServer.https({ port: g.port, hosts: g.hosts, tls: GatewayTls.simple({ credentialName: `${g.name}-cert` }) })
        : GatewayServer.http({ port: g.port, hosts: g.hosts })],
    });
    for (const r of g.routes) {
      const target = services[r.service];
      if (target === undefined) continue;
      gw.addRoute({
        hosts: [r.host],
        matches: [{ uri: StringMatch.prefix(r.prefix) }],
        destinations: [{ host: target, port: spec.services[r.service].ports[0].port }],
      });
    }
  }
  return chart;
}
