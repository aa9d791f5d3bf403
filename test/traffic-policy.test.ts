import { Chart, Duration, Testing } from 'cdk8s';
import {
  ClientTls,
  ClientTlsMode,
  H2UpgradePolicy,
  LoadBalancer,
  LoadBalancerAlgorithm,
  LocalityDistribution,
  LocalityLoadBalancing,
  Mesh,
  MeshProps,
  MeshServiceOptions,
  MtlsMode,
  Protocol,
  TrafficPolicy,
} from '../src';
import { exactly, findAll, findObject, synthProblems, synthValid } from './util/validate';

const INT32 = 2_147_483_647;
const SERVICE = 'test/mesh/reviews';

function setup(props: MeshProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  return { chart, mesh };
}

/** `reviews` with one HTTP port (9080) and versions v1 and v2. */
function reviews(mesh: Mesh, options: MeshServiceOptions = {}) {
  return mesh.addService('reviews', {
    ports: [{ port: 9080 }],
    versions: [{ name: 'v1', image: 'example/reviews:v1' }, { name: 'v2', image: 'example/reviews:v2' }],
    ...options,
  });
}

/** Synthesizes and validates the chart; returns the spec of the host's only DestinationRule. */
async function destinationRule(chart: Chart, name = 'reviews'): Promise<any> {
  const objects = await synthValid(chart);
  const rules = findAll(objects, 'DestinationRule');
  expect(rules.map(r => r.metadata.name)).toEqual([name]);
  return findObject(objects, 'DestinationRule', name, 'default').spec;
}

/** A round-robin policy with locality settings, and with outlier detection when `withOutlier`. */
function roundRobin(locality: LocalityLoadBalancing, withOutlier = false): TrafficPolicy {
  return { loadBalancer: LoadBalancer.roundRobin({ locality }), outlierDetection: withOutlier ? { consecutive5xxErrors: 1 } : undefined };
}

function at(obj: any, path: string): any {
  return path.split('.').reduce((o, key) => o?.[key], obj);
}

describe('load balancing', () => {
  test.each([
    [() => LoadBalancer.roundRobin(), LoadBalancerAlgorithm.ROUND_ROBIN],
    [() => LoadBalancer.leastRequest(), LoadBalancerAlgorithm.LEAST_REQUEST],
    [() => LoadBalancer.random(), LoadBalancerAlgorithm.RANDOM],
    [() => LoadBalancer.passthrough(), LoadBalancerAlgorithm.PASSTHROUGH],
  ])('a simple load balancer renders as %#: %p', async (make, algorithm) => {
    // GIVEN
    const { chart, mesh } = setup();
    const loadBalancer = make();
    // WHEN
    reviews(mesh, { trafficPolicy: { loadBalancer } });
    // THEN
    expect(loadBalancer.algorithm).toBe(algorithm);
    expect((await destinationRule(chart)).trafficPolicy).toEqual({ loadBalancer: { simple: algorithm } });
  });

  test('consistent hash on a header', async () => {
    const { chart, mesh } = setup();
    const loadBalancer = LoadBalancer.consistentHashHeader('x-user');
    reviews(mesh, { trafficPolicy: { loadBalancer } });
    expect(loadBalancer.algorithm).toBe('CONSISTENT_HASH');
    expect((await destinationRule(chart)).trafficPolicy.loadBalancer).toEqual({ consistentHash: { httpHeaderName: 'x-user' } });
  });

  test('consistent hash on a cookie with path and ttl', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.consistentHashCookie('session', { path: '/shop', ttl: Duration.minutes(90) }) } });
    expect((await destinationRule(chart)).trafficPolicy.loadBalancer).toEqual({
      consistentHash: { httpCookie: { name: 'session', path: '/shop', ttl: '90m' } },
    });
  });

  test('consistent hash on a cookie without ttl names only the cookie', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.consistentHashCookie('session') } });
    expect((await destinationRule(chart)).trafficPolicy.loadBalancer).toEqual({ consistentHash: { httpCookie: { name: 'session' } } });
  });

  test('a cookie ttl in milliseconds renders in milliseconds', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.consistentHashCookie('session', { ttl: Duration.millis(250) }) } });
    expect((await destinationRule(chart)).trafficPolicy.loadBalancer.consistentHash.httpCookie.ttl).toBe('250ms');
  });

  test('consistent hash on the source IP', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.consistentHashSourceIp() } });
    expect((await destinationRule(chart)).trafficPolicy.loadBalancer).toEqual({ consistentHash: { useSourceIp: true } });
  });

  test('consistent hash on a query parameter', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.consistentHashQueryParameter('user') } });
    expect((await destinationRule(chart)).trafficPolicy.loadBalancer).toEqual({ consistentHash: { httpQueryParameterName: 'user' } });
  });

  test('minimumRingSize renders as ringHash.minimumRingSize, not the deprecated top-level field', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.consistentHashHeader('x-user', { minimumRingSize: 2048 }) } });
    expect((await destinationRule(chart)).trafficPolicy.loadBalancer).toEqual({
      consistentHash: { httpHeaderName: 'x-user', ringHash: { minimumRingSize: 2048 } },
    });
  });

  test.each([1, 8_388_608])('minimumRingSize %p is accepted', async (minimumRingSize) => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.consistentHashSourceIp({ minimumRingSize }) } });
    expect((await destinationRule(chart)).trafficPolicy.loadBalancer.consistentHash.ringHash).toEqual({ minimumRingSize });
  });

  test.each([0, 8_388_609, 1.5])('minimumRingSize %p fails', (minimumRingSize) => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.consistentHashCookie('session', { minimumRingSize }) } }))
      .toThrow(exactly(`[${SERVICE}] 'minimumRingSize' must be an integer between 1 and 8388608, got ${minimumRingSize}`));
  });

  test.each([
    [() => LoadBalancer.consistentHashHeader(''), 'header'],
    [() => LoadBalancer.consistentHashCookie(' '), 'cookie'],
    [() => LoadBalancer.consistentHashQueryParameter(''), 'query parameter'],
  ])('an empty hash key fails (%#: %s)', (make, what) => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: { loadBalancer: make() } }))
      .toThrow(exactly(`[${SERVICE}] the consistent-hash ${what} name must not be empty`));
  });

  test.each([
    [Duration.millis(0), "'ttl' must be at least 1ms, got 0ms"],
    [Duration.millis(1.5), "'ttl' must be a whole number of milliseconds, got 1.5ms"],
  ])('cookie ttl %p fails', (ttl, message) => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.consistentHashCookie('session', { ttl }) } }))
      .toThrow(exactly(`[${SERVICE}] ${message}`));
  });

  describe('scopes', () => {
    test('service, version, port and port of a version each get their own load balancer', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      const svc = mesh.addService('reviews', {
        ports: [{ port: 9080, trafficPolicy: { loadBalancer: LoadBalancer.random() } }, { port: 9443, protocol: Protocol.HTTPS }],
        versions: [
          { name: 'v1', image: 'example/reviews:v1', trafficPolicy: { loadBalancer: LoadBalancer.consistentHashHeader('x-user') } },
          { name: 'v2', image: 'example/reviews:v2' },
        ],
        trafficPolicy: { loadBalancer: LoadBalancer.roundRobin() },
      });
      // WHEN
      svc.addTrafficPolicy({ loadBalancer: LoadBalancer.passthrough() }, { version: 'v2', port: 9443 });
      // THEN
      expect(await destinationRule(chart)).toEqual({
        host: 'reviews',
        trafficPolicy: {
          loadBalancer: { simple: 'ROUND_ROBIN' },
          portLevelSettings: [{ port: { number: 9080 }, loadBalancer: { simple: 'RANDOM' } }],
        },
        subsets: [
          { name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } } },
          {
            name: 'v2',
            labels: { version: 'v2' },
            trafficPolicy: { portLevelSettings: [{ port: { number: 9443 }, loadBalancer: { simple: 'PASSTHROUGH' } }] },
          },
        ],
      });
    });

    test('port-level settings are sorted by port number', async () => {
      const { chart, mesh } = setup();
      const svc = reviews(mesh, { ports: [{ port: 9080 }, { port: 8080 }] });
      svc.addTrafficPolicy({ loadBalancer: LoadBalancer.random() }, { port: 9080 });
      svc.addTrafficPolicy({ loadBalancer: LoadBalancer.roundRobin() }, { port: 8080 });
      expect((await destinationRule(chart)).trafficPolicy.portLevelSettings.map((p: any) => p.port.number)).toEqual([8080, 9080]);
    });
  });

  describe('locality', () => {
    test('distribute renders with integer weights', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      const locality: LocalityLoadBalancing = {
        enabled: true,
        distribute: [
          { from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } },
          { from: 'us-west/zone2/*', to: { 'us-west/zone2/*': 100 } },
        ],
      };
      // WHEN
      reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.leastRequest({ locality }) } });
      // THEN
      expect((await destinationRule(chart)).trafficPolicy.loadBalancer).toEqual({
        simple: 'LEAST_REQUEST',
        localityLbSetting: {
          enabled: true,
          distribute: [
            { from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } },
            { from: 'us-west/zone2/*', to: { 'us-west/zone2/*': 100 } },
          ],
        },
      });
    });

    test('a consistent-hash load balancer carries locality settings too', async () => {
      const { chart, mesh } = setup();
      const locality = { distribute: [{ from: 'us-west', to: { 'us-west': 1, 'us-east': 99 } }] };
      reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.consistentHashSourceIp({ locality }) } });
      expect((await destinationRule(chart)).trafficPolicy.loadBalancer).toEqual({
        consistentHash: { useSourceIp: true },
        localityLbSetting: { distribute: [{ from: 'us-west', to: { 'us-west': 1, 'us-east': 99 } }] },
      });
    });

    test('locality load balancing can be switched off', async () => {
      const { chart, mesh } = setup();
      reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin({ locality: { enabled: false } }) } });
      expect((await destinationRule(chart)).trafficPolicy.loadBalancer).toEqual({ simple: 'ROUND_ROBIN', localityLbSetting: { enabled: false } });
    });

    test.each([
      [{ 'us-west': 0, 'us-east': 100 }, "'locality.distribute[0].to' weight of 'us-west' must be an integer between 1 and 100, got 0"],
      [{ 'us-west': 101 }, "'locality.distribute[0].to' weight of 'us-west' must be an integer between 1 and 100, got 101"],
      [{ 'us-west': 50.5, 'us-east': 49.5 }, [
        "'locality.distribute[0].to' weight of 'us-west' must be an integer between 1 and 100, got 50.5",
        "'locality.distribute[0].to' weight of 'us-east' must be an integer between 1 and 100, got 49.5",
      ].join(`\n[${SERVICE}] `)],
      [{ 'us-west': 50, 'us-east': 40 }, "'locality.distribute[0].to' weights must add up to 100, got 90"],
      [{ 'us-west': 60, 'us-east': 41 }, "'locality.distribute[0].to' weights must add up to 100, got 101"],
      [{}, "'locality.distribute[0].to' weights must add up to 100, got 0"],
    ])('distribute weights %p fail', (to, message) => {
      const { mesh } = setup();
      expect(() => reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin({ locality: { distribute: [{ from: 'us-west', to }] } }) } }))
        .toThrow(exactly(`[${SERVICE}] ${message}`));
    });

    test.each(['*', 'us-west', 'us-west/*', 'us-west/zone1', 'us-west/zone1/*', 'us-west/zone1/rack7'])('locality %p is accepted', async (locality) => {
      const { chart, mesh } = setup();
      const distribute = [{ from: locality, to: { [locality]: 100 } }];
      reviews(mesh, { trafficPolicy: roundRobin({ distribute }) });
      expect((await destinationRule(chart)).trafficPolicy.loadBalancer.localityLbSetting.distribute).toEqual(distribute);
    });

    test.each(['us-west/*/rack7', 'us-*', 'us-west//rack7', 'us-west/', 'a/b/c/d', '**'])('locality %p fails', (locality) => {
      const { mesh } = setup();
      const format = "'region', 'region/zone' or 'region/zone/subzone', '*' allowed only as the whole last part";
      expect(() => reviews(mesh, { trafficPolicy: roundRobin({ distribute: [{ from: locality, to: { [locality]: 100 } }] }) }))
        .toThrow(exactly([
          `[${SERVICE}] 'locality.distribute[0].from' must be ${format}, got '${locality}'`,
          `[${SERVICE}] 'locality.distribute[0].to' locality must be ${format}, got '${locality}'`,
        ].join('\n')));
    });

    test('an empty distribute source fails', () => {
      const { mesh } = setup();
      expect(() => reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin({ locality: { distribute: [{ from: ' ', to: { 'us-west': 100 } }] } }) } }))
        .toThrow(exactly(`[${SERVICE}] 'locality.distribute[0].from' must not be empty`));
    });

    test('overlapping distribute sources fail', () => {
      const { mesh } = setup();
      const distribute: LocalityDistribution[] = [
        { from: 'us-west/*', to: { 'us-west': 100 } },
        { from: 'us-east', to: { 'us-east': 100 } },
        { from: 'us-west/zone1', to: { 'us-west': 100 } },
      ];
      expect(() => reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin({ locality: { distribute } }) } }))
        .toThrow(exactly(`[${SERVICE}] 'locality.distribute[2].from' 'us-west/zone1' overlaps 'locality.distribute[0].from' 'us-west/*': each locality may match one rule only`));
    });

    test('overlapping distribute destinations fail', () => {
      const { mesh } = setup();
      const distribute = [{ from: 'us-west', to: { 'us-east': 50, 'us-east/zone2': 50 } }];
      expect(() => reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin({ locality: { distribute } }) } }))
        .toThrow(exactly(`[${SERVICE}] 'locality.distribute[0].to' localities 'us-east' and 'us-east/zone2' overlap: give each locality one weight`));
    });

    test('failover with outlier detection on the same scope renders', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      const locality = { failover: [{ from: 'us-east', to: 'eu-west' }, { from: 'eu-west', to: 'us-east' }] };
      // WHEN
      reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.leastRequest({ locality }), outlierDetection: { consecutive5xxErrors: 3 } } });
      // THEN
      expect((await destinationRule(chart)).trafficPolicy).toEqual({
        loadBalancer: {
          simple: 'LEAST_REQUEST',
          localityLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }, { from: 'eu-west', to: 'us-east' }] },
        },
        outlierDetection: { consecutive5xxErrors: 3 },
      });
    });

    test('failover on a version is satisfied by outlier detection on the service', async () => {
      const { chart, mesh } = setup();
      const svc = reviews(mesh, { trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3 } } });
      svc.addTrafficPolicy({ loadBalancer: LoadBalancer.roundRobin({ locality: { failover: [{ from: 'us-east', to: 'eu-west' }] } }) }, { version: 'v1' });
      const dr = await destinationRule(chart);
      expect(dr.trafficPolicy).toEqual({ outlierDetection: { consecutive5xxErrors: 3 } });
      expect(dr.subsets[0].trafficPolicy.loadBalancer.localityLbSetting.failover).toEqual([{ from: 'us-east', to: 'eu-west' }]);
    });

    test('failover on a port keeps the service outlier detection (port-level settings do not inherit in Istio)', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      const svc = reviews(mesh, { trafficPolicy: { outlierDetection: { consecutiveGatewayErrors: 2 } } });
      // WHEN
      svc.addTrafficPolicy({ loadBalancer: LoadBalancer.roundRobin({ locality: { failover: [{ from: 'us-east', to: 'eu-west' }] } }) }, { port: 9080 });
      // THEN
      expect((await destinationRule(chart)).trafficPolicy).toEqual({
        outlierDetection: { consecutiveGatewayErrors: 2 },
        portLevelSettings: [{
          port: { number: 9080 },
          loadBalancer: { simple: 'ROUND_ROBIN', localityLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }] } },
          outlierDetection: { consecutiveGatewayErrors: 2 },
        }],
      });
    });

    test('failover on a port of a version is satisfied by outlier detection on the version', async () => {
      const { chart, mesh } = setup();
      const svc = reviews(mesh);
      svc.addTrafficPolicy({ outlierDetection: { consecutive5xxErrors: 1 } }, { version: 'v2' });
      svc.addTrafficPolicy({ loadBalancer: LoadBalancer.random({ locality: { failover: [{ from: 'us-east', to: 'eu-west' }] } }) }, { version: 'v2', port: 9080 });
      expect((await destinationRule(chart)).subsets[1].trafficPolicy).toEqual({
        outlierDetection: { consecutive5xxErrors: 1 },
        portLevelSettings: [{
          port: { number: 9080 },
          loadBalancer: { simple: 'RANDOM', localityLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }] } },
          outlierDetection: { consecutive5xxErrors: 1 },
        }],
      });
    });

    test('failover without outlier detection fails at synth', async () => {
      const { chart, mesh } = setup();
      reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin({ locality: { failover: [{ from: 'us-east', to: 'eu-west' }] } }) } });
      expect(await synthProblems(chart)).toEqual([
        `[${SERVICE}] locality failover from ${SERVICE} needs outlier detection for host 'reviews': without it Istio never sees endpoints as unhealthy (add a CircuitBreaker with 'outlierDetection')`,
      ]);
    });

    test('failover on the service is not satisfied by outlier detection on one version', async () => {
      const { chart, mesh } = setup();
      const svc = reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin({ locality: { failover: [{ from: 'us-east', to: 'eu-west' }] } }) } });
      svc.addTrafficPolicy({ outlierDetection: { consecutive5xxErrors: 3 } }, { version: 'v1' });
      expect(await synthProblems(chart)).toEqual([
        `[${SERVICE}] locality failover from ${SERVICE} needs outlier detection for host 'reviews': without it Istio never sees endpoints as unhealthy (add a CircuitBreaker with 'outlierDetection')`,
      ]);
    });

    test('failover on a version is not satisfied by outlier detection on one port', async () => {
      const { chart, mesh } = setup();
      const svc = reviews(mesh, { versions: [{ name: 'v1', image: 'example/reviews:v1', trafficPolicy: { loadBalancer: LoadBalancer.random({ locality: { failover: [{ from: 'us-east', to: 'eu-west' }] } }) } }] });
      svc.addTrafficPolicy({ outlierDetection: { consecutive5xxErrors: 3 } }, { port: 9080 });
      expect(await synthProblems(chart)).toEqual([
        `[${SERVICE}] locality failover from ${SERVICE} needs outlier detection for version 'v1': without it Istio never sees endpoints as unhealthy (add a CircuitBreaker with 'outlierDetection')`,
      ]);
    });

    test('failover on a port of a version without outlier detection fails at synth', async () => {
      const { chart, mesh } = setup();
      const svc = reviews(mesh);
      svc.addTrafficPolicy({ loadBalancer: LoadBalancer.random({ locality: { failover: [{ from: 'us-east', to: 'eu-west' }] } }) }, { version: 'v1', port: 9080 });
      expect(await synthProblems(chart)).toEqual([
        `[${SERVICE}] locality failover from ${SERVICE} needs outlier detection for port 9080 of version 'v1': without it Istio never sees endpoints as unhealthy (add a CircuitBreaker with 'outlierDetection')`,
      ]);
    });

    test('failoverPriority needs outlier detection too', async () => {
      const { chart, mesh } = setup();
      const svc = reviews(mesh);
      svc.addTrafficPolicy({ loadBalancer: LoadBalancer.roundRobin({ locality: { failoverPriority: ['topology.istio.io/network'] } }) }, { port: 9080 });
      expect(await synthProblems(chart)).toEqual([
        `[${SERVICE}] locality failover from ${SERVICE} needs outlier detection for port 9080: without it Istio never sees endpoints as unhealthy (add a CircuitBreaker with 'outlierDetection')`,
      ]);
    });

    test('failover with a non-topology failoverPriority renders', async () => {
      const { chart, mesh } = setup();
      const locality = { failover: [{ from: 'us-east', to: 'eu-west' }], failoverPriority: ['topology.istio.io/network'] };
      reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin({ locality }), outlierDetection: { interval: Duration.seconds(5) } } });
      expect((await destinationRule(chart)).trafficPolicy.loadBalancer.localityLbSetting).toEqual(locality);
    });

    test.each(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'])('failover with topology label %p in failoverPriority fails', (label) => {
      const { mesh } = setup();
      const locality = { failover: [{ from: 'us-east', to: 'eu-west' }], failoverPriority: ['topology.istio.io/network', label] };
      expect(() => reviews(mesh, { trafficPolicy: roundRobin(locality, true) }))
        .toThrow(exactly(`[${SERVICE}] 'locality.failoverPriority' must not contain the topology label '${label}' together with 'locality.failover'`));
    });

    test('distribute and failover exclude each other', () => {
      const { mesh } = setup();
      const locality = { distribute: [{ from: 'us-east', to: { 'us-east': 100 } }], failover: [{ from: 'us-east', to: 'eu-west' }] };
      expect(() => reviews(mesh, { trafficPolicy: roundRobin(locality, true) }))
        .toThrow(exactly(`[${SERVICE}] 'locality.distribute' and 'locality.failover' exclude each other`));
    });

    test('distribute and failoverPriority exclude each other', () => {
      const { mesh } = setup();
      const locality = { distribute: [{ from: 'us-east', to: { 'us-east': 100 } }], failoverPriority: ['topology.istio.io/network'] };
      expect(() => reviews(mesh, { trafficPolicy: roundRobin(locality, true) }))
        .toThrow(exactly(`[${SERVICE}] 'locality.distribute' and 'locality.failoverPriority' exclude each other`));
    });

    test('failover to the same region fails', () => {
      const { mesh } = setup();
      const locality = { failover: [{ from: 'us-east', to: 'eu-west' }, { from: 'eu-west', to: 'eu-west' }] };
      expect(() => reviews(mesh, { trafficPolicy: roundRobin(locality, true) }))
        .toThrow(exactly(`[${SERVICE}] 'locality.failover[1]' fails over from 'eu-west' to itself`));
    });

    test.each([
      [{ from: 'us-east/zone1', to: 'eu-west' }, "'locality.failover[0].from' must be a region name (no '/' or '*'), got 'us-east/zone1'"],
      [{ from: 'us-east', to: '*' }, "'locality.failover[0].to' must be a region name (no '/' or '*'), got '*'"],
      [{ from: '', to: 'eu-west' }, "'locality.failover[0].from' must be a region name (no '/' or '*'), got ''"],
    ])('failover %p fails', (rule, message) => {
      const { mesh } = setup();
      expect(() => reviews(mesh, { trafficPolicy: roundRobin({ failover: [rule] }, true) }))
        .toThrow(exactly(`[${SERVICE}] ${message}`));
    });
  });
});

describe('client TLS', () => {
  const strictMessage = (mode: string, where: string) =>
    `[${SERVICE}] client TLS mode ${mode} for ${where} (from ${SERVICE}) contradicts the mesh's STRICT mTLS: the sidecars of 'reviews' accept only Istio mutual TLS (use ClientTls.istioMutual() or leave 'tls' unset)`;

  test('ISTIO_MUTUAL renders with no other settings in a STRICT mesh', async () => {
    const { chart, mesh } = setup();
    const tls = ClientTls.istioMutual();
    reviews(mesh, { trafficPolicy: { tls } });
    expect(tls.mode).toBe(ClientTlsMode.ISTIO_MUTUAL);
    expect((await destinationRule(chart)).trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
  });

  test('DISABLE renders in a PERMISSIVE mesh', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    reviews(mesh, { trafficPolicy: { tls: ClientTls.disable() } });
    expect((await destinationRule(chart)).trafficPolicy).toEqual({ tls: { mode: 'DISABLE' } });
  });

  test('SIMPLE renders CA, SNI and subject alternative names', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    reviews(mesh, {
      trafficPolicy: {
        tls: ClientTls.simple({ caCertificates: '/etc/certs/ca.pem', sni: 'reviews.example.com', subjectAltNames: ['reviews.example.com', 'spiffe://example.com/reviews'] }),
      },
    });
    expect((await destinationRule(chart)).trafficPolicy.tls).toEqual({
      mode: 'SIMPLE',
      caCertificates: '/etc/certs/ca.pem',
      sni: 'reviews.example.com',
      subjectAltNames: ['reviews.example.com', 'spiffe://example.com/reviews'],
    });
  });

  test('SIMPLE with no options and with a credentialName render', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    const svc = reviews(mesh, { trafficPolicy: { tls: ClientTls.simple() } });
    svc.addTrafficPolicy({ tls: ClientTls.simple({ credentialName: 'reviews-ca' }) }, { version: 'v1' });
    const dr = await destinationRule(chart);
    expect(dr.trafficPolicy.tls).toEqual({ mode: 'SIMPLE' });
    expect(dr.subsets[0].trafficPolicy.tls).toEqual({ mode: 'SIMPLE', credentialName: 'reviews-ca' });
  });

  test('SIMPLE with insecureSkipVerify alone renders', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    reviews(mesh, { trafficPolicy: { tls: ClientTls.simple({ insecureSkipVerify: true, sni: 'reviews.example.com' }) } });
    expect((await destinationRule(chart)).trafficPolicy.tls).toEqual({ mode: 'SIMPLE', insecureSkipVerify: true, sni: 'reviews.example.com' });
  });

  test('MUTUAL with certificate files renders', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    reviews(mesh, {
      trafficPolicy: {
        tls: ClientTls.mutual({ clientCertificate: '/etc/certs/client.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem', sni: 'reviews' }),
      },
    });
    expect((await destinationRule(chart)).trafficPolicy.tls).toEqual({
      mode: 'MUTUAL',
      clientCertificate: '/etc/certs/client.pem',
      privateKey: '/etc/certs/key.pem',
      caCertificates: '/etc/certs/ca.pem',
      sni: 'reviews',
    });
  });

  test('MUTUAL with a credentialName renders, also with insecureSkipVerify', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    reviews(mesh, { trafficPolicy: { tls: ClientTls.mutual({ credentialName: 'reviews-client', insecureSkipVerify: true }) } });
    expect((await destinationRule(chart)).trafficPolicy.tls).toEqual({ mode: 'MUTUAL', credentialName: 'reviews-client', insecureSkipVerify: true });
  });

  test('MUTUAL without certificates fails with both missing props', () => {
    const { mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    expect(() => reviews(mesh, { trafficPolicy: { tls: ClientTls.mutual({}) } })).toThrow(exactly([
      `[${SERVICE}] MUTUAL TLS requires 'clientCertificate' (or 'credentialName')`,
      `[${SERVICE}] MUTUAL TLS requires 'privateKey' (or 'credentialName')`,
    ].join('\n')));
  });

  test('MUTUAL with a certificate but no key fails', () => {
    const { mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    expect(() => reviews(mesh, { trafficPolicy: { tls: ClientTls.mutual({ clientCertificate: '/etc/certs/client.pem' }) } }))
      .toThrow(exactly(`[${SERVICE}] MUTUAL TLS requires 'privateKey' (or 'credentialName')`));
  });

  test('credentialName excludes certificate files', () => {
    const { mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    const tls = ClientTls.mutual({ credentialName: 'reviews-client', clientCertificate: '/c.pem', privateKey: '/k.pem', caCertificates: '/ca.pem' });
    expect(() => reviews(mesh, { trafficPolicy: { tls } }))
      .toThrow(exactly(`[${SERVICE}] 'credentialName' excludes 'caCertificates', 'clientCertificate', 'privateKey': give the certificates as a Secret or as files, not both`));
  });

  test('SIMPLE credentialName excludes caCertificates', () => {
    const { mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    expect(() => reviews(mesh, { trafficPolicy: { tls: ClientTls.simple({ credentialName: 'reviews-ca', caCertificates: '/ca.pem' }) } }))
      .toThrow(exactly(`[${SERVICE}] 'credentialName' excludes 'caCertificates': give the certificates as a Secret or as files, not both`));
  });

  test.each([
    [ClientTls.simple({ insecureSkipVerify: true, caCertificates: '/ca.pem' }), "'caCertificates'"],
    [ClientTls.simple({ insecureSkipVerify: true, subjectAltNames: ['reviews'] }), "'subjectAltNames'"],
    [ClientTls.simple({ insecureSkipVerify: true, credentialName: 'reviews-ca' }), "'credentialName'"],
    [ClientTls.mutual({ insecureSkipVerify: true, clientCertificate: '/c.pem', privateKey: '/k.pem', caCertificates: '/ca.pem', subjectAltNames: ['r'] }), "'caCertificates', 'subjectAltNames'"],
  ])('insecureSkipVerify with something to verify fails (%#)', (tls, props) => {
    const { mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    expect(() => reviews(mesh, { trafficPolicy: { tls } }))
      .toThrow(exactly(`[${SERVICE}] 'insecureSkipVerify' contradicts ${props}: nothing would be verified`));
  });

  test('DISABLE in a STRICT mesh fails at synth', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { tls: ClientTls.disable() } });
    expect(await synthProblems(chart)).toEqual([strictMessage('DISABLE', "host 'reviews'")]);
  });

  test('SIMPLE, MUTUAL and DISABLE on a version, a port and a port of a version of a STRICT mesh are all reported', async () => {
    // GIVEN
    const { chart, mesh } = setup({ mtls: MtlsMode.STRICT });
    const svc = reviews(mesh);
    // WHEN
    svc.addTrafficPolicy({ tls: ClientTls.simple() }, { version: 'v1' });
    svc.addTrafficPolicy({ tls: ClientTls.mutual({ credentialName: 'reviews-client' }) }, { port: 9080 });
    svc.addTrafficPolicy({ tls: ClientTls.disable() }, { version: 'v2', port: 9080 });
    // THEN
    expect(await synthProblems(chart)).toEqual([
      strictMessage('SIMPLE', "version 'v1'"),
      strictMessage('MUTUAL', 'port 9080'),
      strictMessage('DISABLE', "port 9080 of version 'v2'"),
    ]);
  });

  test('SIMPLE and MUTUAL are fine in a PERMISSIVE mesh', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    const svc = reviews(mesh, { trafficPolicy: { tls: ClientTls.simple() } });
    svc.addTrafficPolicy({ tls: ClientTls.mutual({ credentialName: 'reviews-client' }) }, { port: 9080 });
    svc.addTrafficPolicy({ tls: ClientTls.istioMutual() }, { version: 'v2' });
    const dr = await destinationRule(chart);
    expect(dr.trafficPolicy.portLevelSettings[0].tls).toEqual({ mode: 'MUTUAL', credentialName: 'reviews-client' });
    expect(dr.subsets[1].trafficPolicy.tls).toEqual({ mode: 'ISTIO_MUTUAL' });
  });

  test('ISTIO_MUTUAL in a mesh with mTLS disabled fails at synth', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.DISABLE });
    reviews(mesh, { versions: [{ name: 'v1', image: 'example/reviews:v1', trafficPolicy: { tls: ClientTls.istioMutual() } }] });
    expect(await synthProblems(chart)).toEqual([
      `[${SERVICE}] client TLS mode ISTIO_MUTUAL for version 'v1' (from ${SERVICE}) contradicts the mesh's DISABLE mTLS: the sidecars of 'reviews' accept only plain text`,
    ]);
  });

  test('DISABLE in a mesh with mTLS disabled renders', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.DISABLE });
    reviews(mesh, { trafficPolicy: { tls: ClientTls.disable() } });
    expect((await destinationRule(chart)).trafficPolicy.tls).toEqual({ mode: 'DISABLE' });
  });

  test('an external service may originate TLS in a STRICT mesh', async () => {
    const { chart, mesh } = setup();
    mesh.addExternalService('payments', {
      hosts: ['api.payments.example.com'],
      ports: [{ number: 443, protocol: Protocol.HTTPS }],
      trafficPolicy: { tls: ClientTls.simple({ sni: 'api.payments.example.com' }) },
    });
    expect(await destinationRule(chart, 'payments')).toEqual({
      host: 'api.payments.example.com',
      trafficPolicy: { tls: { mode: 'SIMPLE', sni: 'api.payments.example.com' } },
    });
  });
});

describe('connection pool', () => {
  test('every TCP and HTTP setting renders with Istio field names and Go durations', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    reviews(mesh, {
      trafficPolicy: {
        connectionPool: {
          tcp: {
            maxConnections: 100,
            connectTimeout: Duration.millis(250),
            tcpKeepalive: { time: Duration.hours(2), interval: Duration.seconds(75), probes: 9 },
            maxConnectionDuration: Duration.minutes(30),
            idleTimeout: Duration.seconds(90),
          },
          http: {
            http1MaxPendingRequests: 10,
            http2MaxRequests: 1000,
            maxRequestsPerConnection: 1,
            maxRetries: 3,
            idleTimeout: Duration.seconds(5),
            h2UpgradePolicy: H2UpgradePolicy.UPGRADE,
            useClientProtocol: false,
            maxConcurrentStreams: 128,
          },
        },
      },
    });
    // THEN
    expect((await destinationRule(chart)).trafficPolicy).toEqual({
      connectionPool: {
        tcp: {
          maxConnections: 100,
          connectTimeout: '250ms',
          tcpKeepalive: { time: '2h', interval: '75s', probes: 9 },
          maxConnectionDuration: '30m',
          idleTimeout: '90s',
        },
        http: {
          http1MaxPendingRequests: 10,
          http2MaxRequests: 1000,
          maxRequestsPerConnection: 1,
          maxRetries: 3,
          idleTimeout: '5s',
          h2UpgradePolicy: 'UPGRADE',
          useClientProtocol: false,
          maxConcurrentStreams: 128,
        },
      },
    });
  });

  test('an empty tcpKeepalive turns keepalive on with the OS defaults', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { connectionPool: { tcp: { tcpKeepalive: {} } } } });
    expect((await destinationRule(chart)).trafficPolicy.connectionPool).toEqual({ tcp: { tcpKeepalive: {} } });
  });

  test.each([H2UpgradePolicy.DEFAULT, H2UpgradePolicy.DO_NOT_UPGRADE])('useClientProtocol with h2UpgradePolicy %p renders', async (h2UpgradePolicy) => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { connectionPool: { http: { h2UpgradePolicy, useClientProtocol: true } } } });
    expect((await destinationRule(chart)).trafficPolicy.connectionPool.http).toEqual({ h2UpgradePolicy, useClientProtocol: true });
  });

  test('useClientProtocol with h2UpgradePolicy UPGRADE fails', () => {
    const { mesh } = setup();
    const http = { h2UpgradePolicy: H2UpgradePolicy.UPGRADE, useClientProtocol: true };
    expect(() => reviews(mesh, { trafficPolicy: { connectionPool: { http } } }))
      .toThrow(exactly(`[${SERVICE}] 'connectionPool.http.useClientProtocol' must not be true with 'h2UpgradePolicy' UPGRADE: the caller's protocol cannot be kept and upgraded at once`));
  });

  test('a connection pool without tcp or http fails', () => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: { connectionPool: {} } }))
      .toThrow(exactly(`[${SERVICE}] 'connectionPool' needs 'tcp', 'http' or both`));
  });
});

describe('outlier detection', () => {
  test('every setting renders with Istio field names and Go durations', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, {
      trafficPolicy: {
        outlierDetection: {
          consecutive5xxErrors: 5,
          consecutiveGatewayErrors: 3,
          consecutiveLocalOriginFailures: 2,
          splitExternalLocalOriginErrors: true,
          interval: Duration.seconds(10),
          baseEjectionTime: Duration.millis(30_500),
          maxEjectionPercent: 50,
          minHealthPercent: 25,
        },
      },
    });
    expect((await destinationRule(chart)).trafficPolicy).toEqual({
      outlierDetection: {
        consecutive5xxErrors: 5,
        consecutiveGatewayErrors: 3,
        consecutiveLocalOriginFailures: 2,
        splitExternalLocalOriginErrors: true,
        interval: '10s',
        baseEjectionTime: '30500ms',
        maxEjectionPercent: 50,
        minHealthPercent: 25,
      },
    });
  });

  test('consecutive5xxErrors 0 (disabled) renders as 0, not as a missing field', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { outlierDetection: { consecutive5xxErrors: 0, consecutiveGatewayErrors: 5 } } });
    expect((await destinationRule(chart)).trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 0, consecutiveGatewayErrors: 5 });
  });

  test.each([undefined, false])('consecutiveLocalOriginFailures with splitExternalLocalOriginErrors %p fails', (splitExternalLocalOriginErrors) => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: { outlierDetection: { consecutiveLocalOriginFailures: 3, splitExternalLocalOriginErrors } } }))
      .toThrow(exactly(`[${SERVICE}] 'outlierDetection.consecutiveLocalOriginFailures' only applies with 'splitExternalLocalOriginErrors: true'`));
  });

  test('an empty outlier detection fails', () => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: { outlierDetection: {} } }))
      .toThrow(exactly(`[${SERVICE}] 'outlierDetection' is empty: give at least one setting`));
  });
});

describe('numeric ranges', () => {
  const RANGES: Array<[string, number, number, (v: number) => TrafficPolicy]> = [
    ['connectionPool.tcp.maxConnections', 1, INT32, v => ({ connectionPool: { tcp: { maxConnections: v } } })],
    ['connectionPool.tcp.tcpKeepalive.probes', 1, INT32, v => ({ connectionPool: { tcp: { tcpKeepalive: { probes: v } } } })],
    ['connectionPool.http.http1MaxPendingRequests', 1, INT32, v => ({ connectionPool: { http: { http1MaxPendingRequests: v } } })],
    ['connectionPool.http.http2MaxRequests', 1, INT32, v => ({ connectionPool: { http: { http2MaxRequests: v } } })],
    ['connectionPool.http.maxRequestsPerConnection', 1, 536_870_912, v => ({ connectionPool: { http: { maxRequestsPerConnection: v } } })],
    ['connectionPool.http.maxRetries', 1, INT32, v => ({ connectionPool: { http: { maxRetries: v } } })],
    ['connectionPool.http.maxConcurrentStreams', 1, INT32, v => ({ connectionPool: { http: { maxConcurrentStreams: v } } })],
    ['outlierDetection.consecutive5xxErrors', 0, INT32, v => ({ outlierDetection: { consecutive5xxErrors: v } })],
    ['outlierDetection.consecutiveGatewayErrors', 0, INT32, v => ({ outlierDetection: { consecutiveGatewayErrors: v } })],
    ['outlierDetection.consecutiveLocalOriginFailures', 0, INT32, v => ({ outlierDetection: { consecutiveLocalOriginFailures: v, splitExternalLocalOriginErrors: true } })],
    ['outlierDetection.maxEjectionPercent', 0, 100, v => ({ outlierDetection: { maxEjectionPercent: v } })],
    ['outlierDetection.minHealthPercent', 0, 100, v => ({ outlierDetection: { minHealthPercent: v } })],
  ];

  test.each(RANGES.flatMap(([prop, min, max, policy]) => [[prop, min, policy], [prop, max, policy]] as const))('%s %p is accepted', async (prop, value, policy) => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: policy(value) });
    expect(at((await destinationRule(chart)).trafficPolicy, prop)).toBe(value);
  });

  const OUT_OF_RANGE = RANGES.flatMap(([prop, min, max, policy]) =>
    [min - 1, max + 1, min + 0.5].map(value => [prop, min, max, value, policy] as const));
  test.each(OUT_OF_RANGE)('%s out of [%p, %p]: %p fails', (prop, min, max, value, policy) => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: policy(value) }))
      .toThrow(exactly(`[${SERVICE}] '${prop}' must be an integer between ${min} and ${max}, got ${value}`));
  });

  test('a non-finite value fails', () => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: { connectionPool: { tcp: { maxConnections: Number.NaN } } } }))
      .toThrow(exactly(`[${SERVICE}] 'connectionPool.tcp.maxConnections' must be an integer between 1 and ${INT32}, got NaN`));
  });

  const DURATIONS: Array<[string, (d: Duration) => TrafficPolicy]> = [
    ['connectionPool.tcp.connectTimeout', d => ({ connectionPool: { tcp: { connectTimeout: d } } })],
    ['connectionPool.tcp.maxConnectionDuration', d => ({ connectionPool: { tcp: { maxConnectionDuration: d } } })],
    ['connectionPool.tcp.idleTimeout', d => ({ connectionPool: { tcp: { idleTimeout: d } } })],
    ['connectionPool.tcp.tcpKeepalive.time', d => ({ connectionPool: { tcp: { tcpKeepalive: { time: d } } } })],
    ['connectionPool.tcp.tcpKeepalive.interval', d => ({ connectionPool: { tcp: { tcpKeepalive: { interval: d } } } })],
    ['connectionPool.http.idleTimeout', d => ({ connectionPool: { http: { idleTimeout: d } } })],
    ['outlierDetection.interval', d => ({ outlierDetection: { interval: d } })],
    ['outlierDetection.baseEjectionTime', d => ({ outlierDetection: { baseEjectionTime: d } })],
  ];

  test.each(DURATIONS)('%s of 1ms is accepted and renders as 1ms', async (prop, policy) => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: policy(Duration.millis(1)) });
    expect(at((await destinationRule(chart)).trafficPolicy, prop)).toBe('1ms');
  });

  test.each(DURATIONS)('%s of 0ms fails', (prop, policy) => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: policy(Duration.millis(0)) }))
      .toThrow(exactly(`[${SERVICE}] '${prop}' must be at least 1ms, got 0ms`));
  });

  test.each(DURATIONS)('%s of 1.5ms fails', (prop, policy) => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: policy(Duration.millis(1.5)) }))
      .toThrow(exactly(`[${SERVICE}] '${prop}' must be a whole number of milliseconds, got 1.5ms`));
  });
});

describe('merging into one DestinationRule', () => {
  test('policies added after construction merge field by field into the one DestinationRule', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin() } });
    // WHEN
    svc.addTrafficPolicy({ connectionPool: { tcp: { maxConnections: 10 } } });
    svc.addTrafficPolicy({ outlierDetection: { consecutive5xxErrors: 2 }, tls: ClientTls.istioMutual() });
    // THEN
    expect((await destinationRule(chart)).trafficPolicy).toEqual({
      loadBalancer: { simple: 'ROUND_ROBIN' },
      connectionPool: { tcp: { maxConnections: 10 } },
      outlierDetection: { consecutive5xxErrors: 2 },
      tls: { mode: 'ISTIO_MUTUAL' },
    });
  });

  test('a port refinement keeps every field it does not set (Istio does not inherit into portLevelSettings)', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = reviews(mesh, {
      trafficPolicy: {
        loadBalancer: LoadBalancer.roundRobin(),
        tls: ClientTls.istioMutual(),
        connectionPool: { tcp: { maxConnections: 100 } },
        outlierDetection: { consecutive5xxErrors: 5 },
      },
    });
    // WHEN
    svc.addTrafficPolicy({ connectionPool: { http: { maxRetries: 2 } } }, { port: 9080 });
    // THEN
    expect((await destinationRule(chart)).trafficPolicy.portLevelSettings).toEqual([{
      port: { number: 9080 },
      loadBalancer: { simple: 'ROUND_ROBIN' },
      tls: { mode: 'ISTIO_MUTUAL' },
      connectionPool: { http: { maxRetries: 2 } },
      outlierDetection: { consecutive5xxErrors: 5 },
    }]);
  });

  test('a port of a version inherits from its version first, then the port, then the service', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin(), outlierDetection: { consecutive5xxErrors: 5 } } });
    svc.addTrafficPolicy({ connectionPool: { tcp: { maxConnections: 1 } }, outlierDetection: { consecutive5xxErrors: 1 } }, { port: 9080 });
    svc.addTrafficPolicy({ loadBalancer: LoadBalancer.random() }, { version: 'v1' });
    // WHEN
    svc.addTrafficPolicy({ tls: ClientTls.istioMutual() }, { version: 'v1', port: 9080 });
    // THEN
    const dr = await destinationRule(chart);
    expect(dr.subsets[0].trafficPolicy).toEqual({
      loadBalancer: { simple: 'RANDOM' },
      portLevelSettings: [{
        port: { number: 9080 },
        loadBalancer: { simple: 'RANDOM' },
        tls: { mode: 'ISTIO_MUTUAL' },
        connectionPool: { tcp: { maxConnections: 1 } },
        outlierDetection: { consecutive5xxErrors: 1 },
      }],
    });
    expect(dr.subsets[1].trafficPolicy).toBeUndefined();
  });

  test('setting a field twice on one scope fails, naming who set it first', () => {
    const { mesh } = setup();
    const svc = reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin(), outlierDetection: { consecutive5xxErrors: 1 } } });
    expect(() => svc.addTrafficPolicy({ loadBalancer: LoadBalancer.random(), outlierDetection: { consecutive5xxErrors: 2 } })).toThrow(exactly([
      `[${SERVICE}] 'loadBalancer' of host 'reviews' is already set by ${SERVICE}`,
      `[${SERVICE}] 'outlierDetection' of host 'reviews' is already set by ${SERVICE}`,
    ].join('\n')));
  });

  test('setting a field twice on one version fails; other versions are independent', () => {
    const { mesh } = setup();
    const svc = reviews(mesh);
    svc.addTrafficPolicy({ loadBalancer: LoadBalancer.roundRobin() }, { version: 'v1' });
    svc.addTrafficPolicy({ loadBalancer: LoadBalancer.roundRobin() }, { version: 'v2' });
    svc.addTrafficPolicy({ loadBalancer: LoadBalancer.roundRobin() }, { version: 'v1', port: 9080 });
    expect(() => svc.addTrafficPolicy({ loadBalancer: LoadBalancer.random() }, { version: 'v1' }))
      .toThrow(exactly(`[${SERVICE}] 'loadBalancer' of version 'v1' is already set by ${SERVICE}`));
  });

  test('a rejected policy leaves nothing behind', async () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.roundRobin() } });
    expect(() => svc.addTrafficPolicy({ loadBalancer: LoadBalancer.random(), connectionPool: { tcp: { maxConnections: 1 } } })).toThrow();
    expect((await destinationRule(chart)).trafficPolicy).toEqual({ loadBalancer: { simple: 'ROUND_ROBIN' } });
  });

  test('an empty traffic policy fails', () => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: {} }))
      .toThrow(exactly(`[${SERVICE}] a traffic policy needs 'loadBalancer', 'tls', 'connectionPool' or 'outlierDetection' (Istio rejects an empty one)`));
  });

  test.each([0, 65536, 80.5])('a policy scope with port %p fails', (port) => {
    const { mesh } = setup();
    const svc = reviews(mesh);
    expect(() => svc.addTrafficPolicy({ loadBalancer: LoadBalancer.random() }, { port }))
      .toThrow(exactly(`[${SERVICE}] 'port' must be an integer between 1 and 65535, got ${port}`));
  });

  test('a policy on an undeclared version or port fails at synth', async () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    svc.addTrafficPolicy({ loadBalancer: LoadBalancer.random() }, { version: 'v9' });
    svc.addTrafficPolicy({ loadBalancer: LoadBalancer.random() }, { port: 8080 });
    expect(await synthProblems(chart)).toEqual([
      `[${SERVICE}] traffic policy from ${SERVICE}: version 'v9' is not declared on 'reviews' (declared: v1, v2)`,
      `[${SERVICE}] traffic policy from ${SERVICE}: port 8080 is not a port of 'reviews' (ports: 9080)`,
    ]);
  });

  test('a policy may name a version added later', async () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    svc.addTrafficPolicy({ loadBalancer: LoadBalancer.random() }, { version: 'v3' });
    svc.addVersion('v3', { image: 'example/reviews:v3' });
    expect((await destinationRule(chart)).subsets[2]).toEqual({ name: 'v3', labels: { version: 'v3' }, trafficPolicy: { loadBalancer: { simple: 'RANDOM' } } });
  });

  test('all value problems of one policy are reported at once', () => {
    const { mesh } = setup();
    expect(() => reviews(mesh, {
      trafficPolicy: {
        loadBalancer: LoadBalancer.consistentHashHeader('', { minimumRingSize: 0 }),
        connectionPool: { tcp: { maxConnections: 0 } },
        outlierDetection: { maxEjectionPercent: 101 },
      },
    })).toThrow(exactly([
      `[${SERVICE}] the consistent-hash header name must not be empty`,
      `[${SERVICE}] 'minimumRingSize' must be an integer between 1 and 8388608, got 0`,
      `[${SERVICE}] 'connectionPool.tcp.maxConnections' must be an integer between 1 and ${INT32}, got 0`,
      `[${SERVICE}] 'outlierDetection.maxEjectionPercent' must be an integer between 0 and 100, got 101`,
    ].join('\n')));
  });
});

describe('durations from untyped callers', () => {
  test('a cookie ttl that is a number, NaN or infinite fails in our words; 1ms is accepted', () => {
    const { mesh } = setup();
    const cookie = (ttl: any) => ({ loadBalancer: LoadBalancer.consistentHashCookie('session', { ttl }) });
    expect(() => reviews(mesh, { trafficPolicy: cookie(Duration.millis(1)) })).not.toThrow();
    const svc = mesh.addService('other', { ports: [{ port: 80 }] });
    expect(() => svc.addTrafficPolicy(cookie(90_000))).toThrow(exactly("[test/mesh/other] 'ttl' must be a Duration (e.g. Duration.seconds(5)), got 90000"));
    expect(() => svc.addTrafficPolicy(cookie(Duration.minutes(NaN)))).toThrow(exactly("[test/mesh/other] 'ttl' must be a finite duration, got NaN milliseconds"));
    expect(() => svc.addTrafficPolicy(cookie(Duration.hours(Infinity)))).toThrow(exactly("[test/mesh/other] 'ttl' must be a finite duration, got Infinity milliseconds"));
  });

  test('addTrafficPolicy checks the types of the policy and its scope', () => {
    const { mesh } = setup();
    const svc = reviews(mesh);
    expect(() => svc.addTrafficPolicy({ outlierDetection: { consecutive5xxErrors: '5' } } as any, { version: 2 } as any)).toThrow(exactly([
      "[test/mesh/reviews] 'outlierDetection.consecutive5xxErrors' must be a number, got '5'",
      "[test/mesh/reviews] 'version' must be a string, got 2",
    ].join('\n')));
  });
});
