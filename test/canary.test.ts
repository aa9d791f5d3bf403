import { Chart, Testing } from 'cdk8s';
import { Canary, CanaryProps, CanaryTesters, Gateway, GatewayServer, ManifestAnalysis, Mesh, MeshServicePort, Protocol, RoutingApi, StringMatch } from '../src';
import { exactly, findObject, synthErrors, synthValid } from './util/validate';

const VERSIONS = [
  { name: 'v1', image: 'example/reviews:v1' },
  { name: 'v2', image: 'example/reviews:v2' },
  { name: 'v3', image: 'example/reviews:v3' },
];

function setup(ports: MeshServicePort[] = [{ port: 9080 }]) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh');
  const reviews = mesh.addService('reviews', { ports, versions: VERSIONS });
  return { app, chart, mesh, reviews };
}

/** A canary v1 → v2 of `reviews` with the given props, in a fresh chart. */
function canary(props: Partial<CanaryProps> = {}) {
  const { chart, reviews } = setup();
  new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', ...props });
  return { chart, reviews };
}

/** The weighted default route of `reviews` as the canary renders it. */
function split(stable: number, canaryWeight: number) {
  return {
    route: [
      { destination: { host: 'reviews', subset: 'v1' }, weight: stable },
      { destination: { host: 'reviews', subset: 'v2' }, weight: canaryWeight },
    ],
  };
}

async function httpRoutes(chart: Chart): Promise<any[]> {
  return findObject(await synthValid(chart), 'VirtualService', 'reviews').spec.http;
}

describe('Canary', () => {
  describe('weighted split', () => {
    test('the default route is split between the stable and the canary version by weight', async () => {
      // GIVEN
      const { chart, reviews } = setup();
      // WHEN
      const c = new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 10 });
      // THEN
      expect(findObject(await synthValid(chart), 'VirtualService', 'reviews').spec).toEqual({
        hosts: ['reviews'],
        http: [split(90, 10)],
      });
      expect(c.weight).toBe(10);
      expect(reviews.canary).toBe(c);
    });

    test('the destination rule keeps one subset per version', async () => {
      // GIVEN
      const { chart } = canary({ weight: 10 });
      // WHEN
      const objects = await synthValid(chart);
      // THEN
      expect(findObject(objects, 'DestinationRule', 'reviews').spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2', 'v3']);
    });

    test('without weight or steps the canary gets no traffic, and both destinations are still emitted', async () => {
      // GIVEN
      const { chart } = canary();
      // WHEN
      const http = await httpRoutes(chart);
      // THEN
      expect(http).toEqual([split(100, 0)]);
    });

    test.each([
      [0, 100, 0],
      [1, 99, 1],
      [50, 50, 50],
      [99, 1, 99],
      [100, 0, 100],
    ])('canary weight %p sends %p to stable and %p to canary', async (weight, stable, canaryWeight) => {
      // GIVEN
      const { chart } = canary({ weight });
      // WHEN
      const http = await httpRoutes(chart);
      // THEN
      expect(http).toEqual([split(stable, canaryWeight)]);
    });

    test.each([
      [-1, "[test/canary] 'weight' must be an integer between 0 and 100, got -1"],
      [101, "[test/canary] 'weight' must be an integer between 0 and 100, got 101"],
      [50.5, "[test/canary] 'weight' must be an integer between 0 and 100, got 50.5"],
    ])('canary weight %p fails', (weight, message) => {
      expect(() => canary({ weight })).toThrow(message);
    });

    test('a TCP service gets the weighted split on its tcp default route', async () => {
      // GIVEN
      const { chart, reviews } = setup([{ port: 5432, protocol: Protocol.TCP }]);
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 20 });
      // THEN
      expect(findObject(await synthValid(chart), 'VirtualService', 'reviews').spec).toEqual({
        hosts: ['reviews'],
        tcp: [split(80, 20)],
      });
    });

    test('an HTTPS service gets the weighted split on its SNI route', async () => {
      // GIVEN
      const { chart, reviews } = setup([{ port: 443, protocol: Protocol.HTTPS }]);
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 30 });
      // THEN
      expect(findObject(await synthValid(chart), 'VirtualService', 'reviews').spec).toEqual({
        hosts: ['reviews'],
        tls: [{ match: [{ port: 443, sniHosts: ['reviews'] }], ...split(70, 30) }],
      });
    });

    test('user routes come first and the canary split stays last', async () => {
      // GIVEN
      const { chart, reviews } = setup();
      reviews.addRoute({ name: 'legacy', matches: [{ uri: StringMatch.prefix('/legacy') }], destinations: [{ version: 'v3' }] });
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 25 });
      // THEN
      expect(await httpRoutes(chart)).toEqual([
        { name: 'legacy', match: [{ uri: { prefix: '/legacy' } }], route: [{ destination: { host: 'reviews', subset: 'v3' } }] },
        split(75, 25),
      ]);
    });

    test('a user route without destinations follows the canary split', async () => {
      // GIVEN
      const { chart, reviews } = setup();
      reviews.addRoute({ name: 'slow', matches: [{ uri: StringMatch.prefix('/slow') }], retries: { attempts: 3 } });
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 40 });
      // THEN
      expect((await httpRoutes(chart))[0]).toEqual({
        name: 'slow',
        match: [{ uri: { prefix: '/slow' } }],
        retries: { attempts: 3 },
        ...split(60, 40),
      });
    });

    test('a service named in two namespaces is addressed by its FQDN in the split', async () => {
      // GIVEN
      const { chart, mesh, reviews } = setup();
      mesh.addService('reviews', { namespace: 'staging', ports: [{ port: 9080 }], versions: VERSIONS });
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 5 });
      // THEN
      const host = 'reviews.default.svc.cluster.local';
      expect(findObject(await synthValid(chart), 'VirtualService', 'reviews', 'default').spec.http).toEqual([{
        route: [
          { destination: { host, subset: 'v1' }, weight: 95 },
          { destination: { host, subset: 'v2' }, weight: 5 },
        ],
      }]);
    });
  });

  describe('steps', () => {
    test('the active step sets the weight', async () => {
      // GIVEN
      const { chart, reviews } = setup();
      // WHEN
      const c = new Canary(chart, 'canary', {
        service: reviews, stableVersion: 'v1', canaryVersion: 'v2', steps: [5, 25, 50, 100], currentStep: 2,
      });
      // THEN
      expect(c.weight).toBe(50);
      expect(await httpRoutes(chart)).toEqual([split(50, 50)]);
    });

    test('promotion is changing currentStep: only the weights change', async () => {
      // GIVEN
      const steps = [5, 25, 50, 100];
      const before = findObject(await synthValid(canary({ steps, currentStep: 0 }).chart), 'VirtualService', 'reviews');
      // WHEN
      const after = findObject(await synthValid(canary({ steps, currentStep: 1 }).chart), 'VirtualService', 'reviews');
      // THEN
      expect(before.spec.http).toEqual([split(95, 5)]);
      expect(after.spec.http).toEqual([split(75, 25)]);
      expect({ ...after, spec: { ...after.spec, http: undefined } }).toEqual({ ...before, spec: { ...before.spec, http: undefined } });
    });

    test('without currentStep the first step is active', async () => {
      // GIVEN
      const { chart } = canary({ steps: [10, 20] });
      // WHEN
      const http = await httpRoutes(chart);
      // THEN
      expect(http).toEqual([split(90, 10)]);
    });

    test.each([
      [0, 0],
      [3, 100],
    ])('currentStep %p is accepted (weight %p)', async (currentStep, weight) => {
      // GIVEN
      const { chart } = canary({ steps: [0, 25, 50, 100], currentStep });
      // WHEN
      const http = await httpRoutes(chart);
      // THEN
      expect(http).toEqual([split(100 - weight, weight)]);
    });

    test.each([
      [-1, "[test/canary] 'currentStep' must be an integer between 0 and 3, got -1"],
      [4, "[test/canary] 'currentStep' must be an integer between 0 and 3, got 4"],
      [1.5, "[test/canary] 'currentStep' must be an integer between 0 and 3, got 1.5"],
    ])('currentStep %p fails', (currentStep, message) => {
      expect(() => canary({ steps: [5, 25, 50, 100], currentStep })).toThrow(message);
    });

    test('steps 0 and 100 are accepted', async () => {
      // GIVEN
      const { chart } = canary({ steps: [0, 100], currentStep: 1 });
      // WHEN
      const http = await httpRoutes(chart);
      // THEN
      expect(http).toEqual([split(0, 100)]);
    });

    test.each([
      [[-1, 50], "[test/canary] 'steps[0]' must be an integer between 0 and 100, got -1"],
      [[50, 101], "[test/canary] 'steps[1]' must be an integer between 0 and 100, got 101"],
      [[12.5, 50], "[test/canary] 'steps[0]' must be an integer between 0 and 100, got 12.5"],
      [[5, 50, 25], "[test/canary] 'steps' must be strictly ascending, got 5, 50, 25"],
      [[10, 10], "[test/canary] 'steps' must be strictly ascending, got 10, 10"],
      [[], "[test/canary] 'steps' must have at least one entry"],
    ])('steps %p fail', (steps, message) => {
      expect(() => canary({ steps })).toThrow(message);
    });

    test('a non-ascending plan is reported once, with every out-of-range step', () => {
      expect(() => canary({ steps: [50, 20, 10, 200] })).toThrow([
        "[test/canary] 'steps[3]' must be an integer between 0 and 100, got 200",
        "[test/canary] 'steps' must be strictly ascending, got 50, 20, 10, 200",
      ].join('\n'));
    });

    test('weight and steps together fail', () => {
      expect(() => canary({ weight: 10, steps: [10, 50] }))
        .toThrow("[test/canary] 'weight' and 'steps' exclude each other: the weight is 'steps[currentStep]'");
    });

    test('currentStep without steps fails', () => {
      expect(() => canary({ currentStep: 1 })).toThrow("[test/canary] 'currentStep' needs 'steps'");
    });
  });

  describe('testers', () => {
    test('header testers get a pin route after the user routes and before the weighted default route', async () => {
      // GIVEN
      const { chart, reviews } = setup();
      reviews.addRoute({ name: 'legacy', matches: [{ uri: StringMatch.prefix('/legacy') }], destinations: [{ version: 'v3' }] });
      // WHEN
      new Canary(chart, 'canary', {
        service: reviews,
        stableVersion: 'v1',
        canaryVersion: 'v2',
        weight: 10,
        testers: CanaryTesters.header('end-user', StringMatch.exact('jason')),
      });
      // THEN
      expect(await httpRoutes(chart)).toEqual([
        { name: 'legacy', match: [{ uri: { prefix: '/legacy' } }], route: [{ destination: { host: 'reviews', subset: 'v3' } }] },
        { name: 'v2-testers', match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
        split(90, 10),
      ]);
    });

    test('testers without user routes come first', async () => {
      // GIVEN
      const { chart } = canary({ weight: 0, testers: CanaryTesters.header('x-canary', StringMatch.present()) });
      // WHEN
      const http = await httpRoutes(chart);
      // THEN
      expect(http).toEqual([
        { name: 'v2-testers', match: [{ headers: { 'x-canary': {} } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
        split(100, 0),
      ]);
    });

    test('cookie testers match the cookie anywhere in the Cookie header', async () => {
      // GIVEN
      const { chart } = canary({ weight: 5, testers: CanaryTesters.cookie('user', 'jason') });
      // WHEN
      const pin = (await httpRoutes(chart))[0];
      // THEN
      expect(pin).toEqual({
        name: 'v2-testers',
        match: [{ headers: { cookie: { regex: '^(.*?;\\s*)?(user=jason)(;.*)?$' } } }],
        route: [{ destination: { host: 'reviews', subset: 'v2' } }],
      });
      const re = new RegExp(pin.match[0].headers.cookie.regex);
      expect(['user=jason', 'a=1; user=jason', 'a=1;user=jason; b=2'].every(c => re.test(c))).toBe(true);
      expect(['user=jasonx', 'xuser=jason', 'user=json'].some(c => re.test(c))).toBe(false);
    });

    test('cookie names and values are escaped in the regex', async () => {
      // GIVEN
      const { chart } = canary({ testers: CanaryTesters.cookie('beta.group', 'a+b') });
      // WHEN
      const regex = (await httpRoutes(chart))[0].match[0].headers.cookie.regex;
      // THEN
      expect(regex).toBe('^(.*?;\\s*)?(beta\\.group=a\\+b)(;.*)?$');
      expect(new RegExp(regex).test('beta.group=a+b')).toBe(true);
      expect(new RegExp(regex).test('betaxgroup=aab')).toBe(false);
    });

    test('matching() pins requests matching any of the given matches', async () => {
      // GIVEN
      const testers = CanaryTesters.matching([
        { headers: { 'x-team': StringMatch.exact('qa') } },
        { sourceLabels: { app: 'load-tester' } },
      ]);
      // WHEN
      const { chart } = canary({ weight: 10, testers });
      // THEN
      expect((await httpRoutes(chart))[0]).toEqual({
        name: 'v2-testers',
        match: [{ headers: { 'x-team': { exact: 'qa' } } }, { sourceLabels: { app: 'load-tester' } }],
        route: [{ destination: { host: 'reviews', subset: 'v2' } }],
      });
      expect(testers.description).toBe('custom matches');
    });

    test('matching() without matches fails: it would pin every request', () => {
      expect(() => CanaryTesters.matching([]))
        .toThrow("'matches' must have at least one entry: testers with no match would pin every request to the canary");
    });

    test('matching() with a match that matches every request fails', () => {
      expect(() => CanaryTesters.matching([{ headers: { 'x-team': StringMatch.exact('qa') } }, { uri: StringMatch.prefix('/') }]))
        .toThrow("'matches[1]' matches every request: testers would pin all traffic to the canary; give it a condition");
    });

    test.each([
      ['End-User', "'name' must be a lowercase header name (letters, digits and '-'), got 'End-User'"],
      ['', "'name' must be a lowercase header name (letters, digits and '-'), got ''"],
    ])('a header tester named %p fails', (name, message) => {
      expect(() => CanaryTesters.header(name, StringMatch.exact('jason'))).toThrow(message);
    });

    test('a matching() header that is not lowercase fails', () => {
      expect(() => CanaryTesters.matching([{ headers: { 'X-Team': StringMatch.exact('qa') } }]))
        .toThrow("'matches[0].headers' key 'X-Team' must be a lowercase header name (letters, digits and '-')");
    });

    test.each(['', 'a b', 'user;'])('a cookie tester named %p fails', (name) => {
      expect(() => CanaryTesters.cookie(name, 'jason')).toThrow(`'name' must be a cookie name (letters, digits and !#$%&'*+-.^_\`|~), got '${name}'`);
    });

    test.each(['a;b', 'a b', 'a,b'])('a cookie tester with value %p fails', (value) => {
      expect(() => CanaryTesters.cookie('user', value)).toThrow(`'value' must be a cookie value (no whitespace, ';', ',', '"' or '\\'), got '${value}'`);
    });

    test('testers on a service without an HTTP port fail at synth', () => {
      // GIVEN
      const { chart, reviews } = setup([{ port: 5432, protocol: Protocol.TCP }]);
      // WHEN
      new Canary(chart, 'canary', {
        service: reviews, stableVersion: 'v1', canaryVersion: 'v2', testers: CanaryTesters.header('end-user', StringMatch.exact('jason')),
      });
      // THEN
      expect(synthErrors(chart)).toContain("[test/canary] 'testers' need an HTTP port, but service 'reviews' has none (ports: 5432 TCP): testers are matched on HTTP requests");
    });
  });

  describe('mirroring', () => {
    test('mirrorPercentage mirrors stable traffic to the canary', async () => {
      // GIVEN
      const { chart } = canary({ weight: 0, mirrorPercentage: 12.5 });
      // WHEN
      const http = await httpRoutes(chart);
      // THEN
      expect(http).toEqual([{
        ...split(100, 0),
        mirror: { host: 'reviews', subset: 'v2' },
        mirrorPercentage: { value: 12.5 },
      }]);
    });

    test.each([0, 100])('mirrorPercentage %p is accepted', async (mirrorPercentage) => {
      // GIVEN
      const { chart } = canary({ mirrorPercentage });
      // WHEN
      const http = await httpRoutes(chart);
      // THEN
      expect(http[0].mirrorPercentage).toEqual({ value: mirrorPercentage });
    });

    test.each([
      [-0.1, "[test/canary] 'mirrorPercentage' must be a percentage between 0 and 100, got -0.1"],
      [100.1, "[test/canary] 'mirrorPercentage' must be a percentage between 0 and 100, got 100.1"],
    ])('mirrorPercentage %p fails', (mirrorPercentage, message) => {
      expect(() => canary({ mirrorPercentage })).toThrow(message);
    });

    test('mirroring on a service without an HTTP port fails at synth', () => {
      // GIVEN
      const { chart, reviews } = setup([{ port: 6379, protocol: Protocol.REDIS }]);
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', mirrorPercentage: 10 });
      // THEN
      expect(synthErrors(chart)).toContain("[test/canary] 'mirrorPercentage' needs an HTTP port, but service 'reviews' has none (ports: 6379 REDIS): only HTTP requests can be mirrored");
    });
  });

  describe('destinations (the split for gateway routes)', () => {
    /** reviews with a 25% canary, routed from an ingress gateway by the canary's destinations. */
    function ingressToCanary(routingApi?: RoutingApi) {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      const mesh = new Mesh(chart, 'mesh', { routingApi });
      const reviews = mesh.addService('reviews', { ports: [{ port: 9080 }, { port: 9090, protocol: Protocol.GRPC }], versions: VERSIONS });
      const release = new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 25 });
      const gateway = new Gateway(chart, 'ingress', { mesh, namespace: 'default', servers: [GatewayServer.http({ port: 80, hosts: ['reviews.example.com'] })] });
      return { chart, release, gateway };
    }

    test('are the stable and canary versions with the canary\'s weights, on the given port', () => {
      const { release } = ingressToCanary();
      expect(release.destinations(9080)).toEqual([
        { host: release.service, version: 'v1', port: 9080, weight: 75 },
        { host: release.service, version: 'v2', port: 9080, weight: 25 },
      ]);
    });

    test('a gateway route to them splits ingress traffic as the canary splits mesh traffic, and analysis finds no bypass (IST0140)', async () => {
      // GIVEN
      const { chart, release, gateway } = ingressToCanary();
      // WHEN
      gateway.addRoute({ hosts: ['reviews.example.com'], destinations: release.destinations(9080) });
      const objects = await synthValid(chart);
      // THEN
      expect(findObject(objects, 'VirtualService', 'ingress-reviews.example.com').spec.http).toEqual([{
        route: [
          { destination: { host: 'reviews', subset: 'v1', port: { number: 9080 } }, weight: 75 },
          { destination: { host: 'reviews', subset: 'v2', port: { number: 9080 } }, weight: 25 },
        ],
      }]);
      expect(ManifestAnalysis.analyze(objects).filter(f => f.code === 'IST0140')).toEqual([]);
    });

    test('a gateway route to the service without a version is reported as bypassing the canary (IST0140)', async () => {
      // GIVEN
      const { chart, release, gateway } = ingressToCanary();
      // WHEN
      gateway.addRoute({ hosts: ['reviews.example.com'], destinations: [{ host: release.service, port: 9080 }] });
      // THEN
      expect(ManifestAnalysis.analyze(await synthValid(chart)).filter(f => f.code === 'IST0140').map(f => f.message)).toEqual([
        'Subset in virtual service default/reviews has no effect on ingress gateway default/ingress-reviews.example.com requests',
      ]);
    });

    test('with RoutingApi.GATEWAY_API, the HTTPRoute sends to the versions\' Services with the canary\'s weights', async () => {
      // GIVEN
      const { chart, release, gateway } = ingressToCanary(RoutingApi.GATEWAY_API);
      // WHEN
      gateway.addRoute({ hosts: ['reviews.example.com'], destinations: release.destinations(9080) });
      const objects = await synthValid(chart);
      // THEN
      const route = findObject(objects, 'gateway.networking.k8s.io/HTTPRoute', 'ingress-reviews.example.com');
      expect(route.spec.rules.map((r: any) => r.backendRefs)).toEqual([[
        { group: '', kind: 'Service', name: 'reviews-v1', port: 9080, weight: 75 },
        { group: '', kind: 'Service', name: 'reviews-v2', port: 9080, weight: 25 },
      ]]);
    });
  });

  describe('validation', () => {
    test('stable and canary versions must be declared on the service, listing the declared versions', () => {
      // GIVEN
      const { chart, reviews } = setup();
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v0', canaryVersion: 'v4' });
      // THEN
      const message = synthErrors(chart);
      expect(message).toContain("[test/canary] 'stableVersion' 'v0' is not declared on service 'reviews' (declared: v1, v2, v3)");
      expect(message).toContain("[test/canary] 'canaryVersion' 'v4' is not declared on service 'reviews' (declared: v1, v2, v3)");
    });

    test('versions added after the canary is created count', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      const ratings = mesh.addService('ratings', { ports: [{ port: 9080 }] });
      new Canary(chart, 'canary', { service: ratings, stableVersion: 'v1', canaryVersion: 'v2', weight: 10 });
      // WHEN
      ratings.addVersion('v1', { image: 'example/ratings:v1' });
      ratings.addVersion('v2', { image: 'example/ratings:v2' });
      // THEN
      expect(findObject(await synthValid(chart), 'VirtualService', 'ratings').spec.http).toEqual([{
        route: [
          { destination: { host: 'ratings', subset: 'v1' }, weight: 90 },
          { destination: { host: 'ratings', subset: 'v2' }, weight: 10 },
        ],
      }]);
    });

    test('stable and canary versions must differ', () => {
      expect(() => canary({ canaryVersion: 'v1' })).toThrow("[test/canary] 'canaryVersion' must differ from 'stableVersion', both are 'v1'");
    });

    test('version names must be DNS labels', () => {
      expect(() => canary({ canaryVersion: 'V_2' }))
        .toThrow("[test/canary] 'canaryVersion' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'V_2'");
    });

    test('a service has at most one canary', () => {
      // GIVEN
      const { chart, reviews } = setup();
      new Canary(chart, 'first', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2' });
      // WHEN / THEN
      expect(() => new Canary(chart, 'second', { service: reviews, stableVersion: 'v1', canaryVersion: 'v3' }))
        .toThrow("[test/second] service 'reviews' already has a canary (test/first): a service has at most one active canary");
    });

    test('a user catch-all route plus a canary fails at synth', () => {
      // GIVEN
      const { chart, reviews } = setup();
      reviews.addRoute({ name: 'everything', destinations: [{ version: 'v3' }] });
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 10 });
      // THEN
      expect(synthErrors(chart)).toContain(
        "[test/mesh/reviews] routes[0] matches every request, but test/canary owns the default route of 'reviews': give the route a match, or drop the canary",
      );
    });

    test('a TCP catch-all route plus a canary fails at synth', () => {
      // GIVEN
      const { chart, reviews } = setup([{ port: 5432, protocol: Protocol.TCP }]);
      reviews.addTcpRoute({ destinations: [{ version: 'v3' }] });
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 10 });
      // THEN
      expect(synthErrors(chart)).toContain(
        "[test/mesh/reviews] a TCP route matches every connection, but test/canary owns the default route of 'reviews': give the route a match, or drop the canary",
      );
    });

    test('every problem of the props is reported at once', () => {
      expect(() => canary({ canaryVersion: 'v1', weight: 120, mirrorPercentage: 101 })).toThrow([
        "[test/canary] 'canaryVersion' must differ from 'stableVersion', both are 'v1'",
        "[test/canary] 'weight' must be an integer between 0 and 100, got 120",
        "[test/canary] 'mirrorPercentage' must be a percentage between 0 and 100, got 101",
      ].join('\n'));
    });
  });
});

describe('Canary: untyped callers', () => {
  test.each([
    [{ weight: '10' }, "'weight' must be a number, got '10'"],
    [{ steps: '5,25' }, "'steps' must be an array, got '5,25'"],
    [{ steps: [5, '25'] }, "'steps[1]' must be a number, got '25'"],
    [{ canaryVersion: 2 }, "'canaryVersion' must be a string, got 2"],
    [{ testers: { header: 'end-user' } },
      "'testers' must be a CanaryTesters (e.g. CanaryTesters.header('end-user', StringMatch.exact('jason'))), got an object"],
  ])('props %j fail before anything reads them', (props, message) => {
    const { chart, reviews } = setup();
    expect(() => new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', ...props } as any))
      .toThrow(exactly(`[test/canary] ${message}`));
  });

  test('a service that is not a MeshService fails', () => {
    const { chart } = setup();
    expect(() => new Canary(chart, 'canary', { service: 'reviews', stableVersion: 'v1', canaryVersion: 'v2' } as any))
      .toThrow(exactly("[test/canary] 'service' must be a MeshService, got 'reviews'"));
  });

  test('tester factories check their arguments', () => {
    expect(() => CanaryTesters.header('end-user', 'jason' as any))
      .toThrow(exactly("'match' must be a StringMatch (e.g. StringMatch.exact('jason')), got 'jason'"));
    expect(() => CanaryTesters.cookie('canary', true as any)).toThrow(exactly("'value' must be a string, got true"));
    expect(() => CanaryTesters.matching('all' as any)).toThrow(exactly("'matches' must be an array, got 'all'"));
  });
});
