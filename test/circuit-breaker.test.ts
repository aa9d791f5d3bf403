import { Chart, Duration, Testing } from 'cdk8s';
import { CircuitBreaker, ClientTls, LoadBalancer, Mesh, MeshServiceOptions, Protocol } from '../src';
import { exactly, findAll, findObject, synthProblems, synthValid } from './util/validate';

const SERVICE = 'test/mesh/reviews';

function setup() {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh');
  return { chart, mesh };
}

/** `reviews` with HTTP ports 9080 and 9443 and versions v1 and v2. */
function reviews(mesh: Mesh, options: MeshServiceOptions = {}) {
  return mesh.addService('reviews', {
    ports: [{ port: 9080 }, { port: 9443, protocol: Protocol.HTTPS }],
    versions: [{ name: 'v1', image: 'example/reviews:v1' }, { name: 'v2', image: 'example/reviews:v2' }],
    ...options,
  });
}

/** Synthesizes and validates the chart; returns the spec of the only DestinationRule, which must be `name`'s. */
async function destinationRule(chart: Chart, name = 'reviews'): Promise<any> {
  const objects = await synthValid(chart);
  expect(findAll(objects, 'DestinationRule').map(r => r.metadata.name)).toEqual([name]);
  return findObject(objects, 'DestinationRule', name, 'default').spec;
}

describe('CircuitBreaker', () => {
  test('a breaker on the whole service sets the top-level connection pool and outlier detection', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    // WHEN
    const breaker = new CircuitBreaker(chart, 'breaker', {
      host: svc,
      connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
      outlierDetection: { consecutive5xxErrors: 1, interval: Duration.seconds(1), baseEjectionTime: Duration.minutes(3), maxEjectionPercent: 100 },
    });
    // THEN
    expect(breaker.host).toBe(svc);
    expect(await destinationRule(chart)).toEqual({
      host: 'reviews',
      trafficPolicy: {
        connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
        outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 },
      },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    });
  });

  test('a breaker on one version sets that subset\'s traffic policy only', async () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    new CircuitBreaker(chart, 'breaker', { host: svc, version: 'v2', outlierDetection: { consecutiveGatewayErrors: 2, baseEjectionTime: Duration.millis(500) } });
    const dr = await destinationRule(chart);
    expect(dr.trafficPolicy).toBeUndefined();
    expect(dr.subsets).toEqual([
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { outlierDetection: { consecutiveGatewayErrors: 2, baseEjectionTime: '500ms' } } },
    ]);
  });

  test('a breaker on one port sets portLevelSettings and keeps the service\'s other settings for that port', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.leastRequest(), tls: ClientTls.istioMutual() } });
    // WHEN
    new CircuitBreaker(chart, 'breaker', { host: svc, port: 9443, connectionPool: { http: { http2MaxRequests: 50 } } });
    // THEN
    expect((await destinationRule(chart)).trafficPolicy).toEqual({
      loadBalancer: { simple: 'LEAST_REQUEST' },
      tls: { mode: 'ISTIO_MUTUAL' },
      portLevelSettings: [{
        port: { number: 9443 },
        loadBalancer: { simple: 'LEAST_REQUEST' },
        tls: { mode: 'ISTIO_MUTUAL' },
        connectionPool: { http: { http2MaxRequests: 50 } },
      }],
    });
  });

  test('a breaker on one port of one version sets the subset\'s portLevelSettings', async () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    new CircuitBreaker(chart, 'breaker', { host: svc, version: 'v1', port: 9080, connectionPool: { tcp: { connectTimeout: Duration.millis(250) } } });
    expect((await destinationRule(chart)).subsets[0]).toEqual({
      name: 'v1',
      labels: { version: 'v1' },
      trafficPolicy: { portLevelSettings: [{ port: { number: 9080 }, connectionPool: { tcp: { connectTimeout: '250ms' } } }] },
    });
  });

  test('many contributions merge into exactly one DestinationRule for the host', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = reviews(mesh, {
      trafficPolicy: { loadBalancer: LoadBalancer.roundRobin({ locality: { failover: [{ from: 'us-east', to: 'eu-west' }] } }) },
      ports: [{ port: 9080, trafficPolicy: { tls: ClientTls.istioMutual() } }, { port: 9443, protocol: Protocol.HTTPS }],
    });
    mesh.addService('ratings', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'example/ratings:v1' }] });
    // WHEN
    new CircuitBreaker(chart, 'service-breaker', { host: svc, outlierDetection: { consecutive5xxErrors: 5 } });
    new CircuitBreaker(chart, 'v1-breaker', { host: svc, version: 'v1', connectionPool: { tcp: { maxConnections: 10 } } });
    new CircuitBreaker(chart, 'v2-breaker', { host: svc, version: 'v2', connectionPool: { tcp: { maxConnections: 20 } }, outlierDetection: { consecutive5xxErrors: 2 } });
    new CircuitBreaker(chart, 'port-breaker', { host: svc, port: 9080, connectionPool: { http: { maxRetries: 3 } } });
    svc.addTrafficPolicy({ connectionPool: { http: { http2MaxRequests: 100 } } });
    // THEN
    const objects = await synthValid(chart);
    const rules = findAll(objects, 'DestinationRule');
    expect(rules.map(r => r.metadata.name).sort()).toEqual(['ratings', 'reviews']);
    expect(rules.filter(r => r.spec.host === 'reviews')).toHaveLength(1);
    const failover = { simple: 'ROUND_ROBIN', localityLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }] } };
    expect(findObject(objects, 'DestinationRule', 'reviews').spec).toEqual({
      host: 'reviews',
      trafficPolicy: {
        loadBalancer: failover,
        outlierDetection: { consecutive5xxErrors: 5 },
        connectionPool: { http: { http2MaxRequests: 100 } },
        portLevelSettings: [{
          port: { number: 9080 },
          loadBalancer: failover,
          tls: { mode: 'ISTIO_MUTUAL' },
          connectionPool: { http: { maxRetries: 3 } },
          outlierDetection: { consecutive5xxErrors: 5 },
        }],
      },
      subsets: [
        { name: 'v1', labels: { version: 'v1' }, trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } } },
        {
          name: 'v2',
          labels: { version: 'v2' },
          trafficPolicy: { connectionPool: { tcp: { maxConnections: 20 } }, outlierDetection: { consecutive5xxErrors: 2 } },
        },
      ],
    });
  });

  test('a breaker\'s outlier detection satisfies the service\'s locality failover', async () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.random({ locality: { failover: [{ from: 'us-east', to: 'eu-west' }] } }) } });
    new CircuitBreaker(chart, 'breaker', { host: svc, outlierDetection: { consecutiveGatewayErrors: 1 } });
    expect((await destinationRule(chart)).trafficPolicy.outlierDetection).toEqual({ consecutiveGatewayErrors: 1 });
  });

  test('a breaker on one version does not satisfy the service\'s locality failover', async () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh, { trafficPolicy: { loadBalancer: LoadBalancer.random({ locality: { failover: [{ from: 'us-east', to: 'eu-west' }] } }) } });
    new CircuitBreaker(chart, 'breaker', { host: svc, version: 'v1', outlierDetection: { consecutiveGatewayErrors: 1 } });
    expect(await synthProblems(chart)).toEqual([
      `[${SERVICE}] locality failover from ${SERVICE} needs outlier detection for host 'reviews': without it Istio never sees endpoints as unhealthy (add a CircuitBreaker with 'outlierDetection')`,
    ]);
  });

  test('two breakers on the same scope fail, naming both', () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    new CircuitBreaker(chart, 'first', { host: svc, version: 'v1', connectionPool: { tcp: { maxConnections: 1 } }, outlierDetection: { consecutive5xxErrors: 1 } });
    expect(() => new CircuitBreaker(chart, 'second', { host: svc, version: 'v1', connectionPool: { tcp: { maxConnections: 2 } }, outlierDetection: { consecutive5xxErrors: 2 } }))
      .toThrow(exactly([
        "[test/second] 'connectionPool' of version 'v1' is already set by test/first",
        "[test/second] 'outlierDetection' of version 'v1' is already set by test/first",
      ].join('\n')));
  });

  test('two breakers on the same port conflict on the field they share only', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    new CircuitBreaker(chart, 'pool', { host: svc, port: 9080, connectionPool: { tcp: { maxConnections: 1 } } });
    // WHEN
    new CircuitBreaker(chart, 'ejection', { host: svc, port: 9080, outlierDetection: { consecutive5xxErrors: 1 } });
    // THEN
    expect(() => new CircuitBreaker(chart, 'again', { host: svc, port: 9080, connectionPool: { tcp: { maxConnections: 2 } } }))
      .toThrow(exactly("[test/again] 'connectionPool' of port 9080 is already set by test/pool"));
    expect((await destinationRule(chart)).trafficPolicy.portLevelSettings).toEqual([
      { port: { number: 9080 }, connectionPool: { tcp: { maxConnections: 1 } }, outlierDetection: { consecutive5xxErrors: 1 } },
    ]);
  });

  test('a breaker that repeats the service\'s own setting fails, naming the service', () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh, { trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3 } } });
    expect(() => new CircuitBreaker(chart, 'breaker', { host: svc, outlierDetection: { consecutive5xxErrors: 1 } }))
      .toThrow(exactly(`[test/breaker] 'outlierDetection' of host 'reviews' is already set by ${SERVICE}`));
  });

  test('a breaker on an undeclared version fails at synth', async () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    new CircuitBreaker(chart, 'breaker', { host: svc, version: 'v3', connectionPool: { tcp: { maxConnections: 1 } } });
    expect(await synthProblems(chart)).toEqual([
      `[${SERVICE}] traffic policy from test/breaker: version 'v3' is not declared on 'reviews' (declared: v1, v2)`,
    ]);
  });

  test('a breaker on an undeclared port fails at synth', async () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    new CircuitBreaker(chart, 'breaker', { host: svc, port: 8080, outlierDetection: { consecutive5xxErrors: 1 } });
    expect(await synthProblems(chart)).toEqual([
      `[${SERVICE}] traffic policy from test/breaker: port 8080 is not a port of 'reviews' (ports: 9080, 9443)`,
    ]);
  });

  test('a breaker may name a version added after it', async () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    new CircuitBreaker(chart, 'breaker', { host: svc, version: 'v3', connectionPool: { tcp: { maxConnections: 1 } } });
    svc.addVersion('v3', { image: 'example/reviews:v3' });
    expect((await destinationRule(chart)).subsets[2].trafficPolicy).toEqual({ connectionPool: { tcp: { maxConnections: 1 } } });
  });

  test.each([0, 65536, 9080.5])('a breaker on port %p fails', (port) => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    expect(() => new CircuitBreaker(chart, 'breaker', { host: svc, port, connectionPool: { tcp: { maxConnections: 1 } } }))
      .toThrow(exactly(`[test/breaker] 'port' must be an integer between 1 and 65535, got ${port}`));
  });

  test('a breaker with neither connection pool nor outlier detection fails', () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    expect(() => new CircuitBreaker(chart, 'breaker', { host: svc }))
      .toThrow(exactly("[test/breaker] a circuit breaker needs 'connectionPool', 'outlierDetection' or both"));
  });

  test('empty settings of a breaker fail', () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    expect(() => new CircuitBreaker(chart, 'breaker', { host: svc, connectionPool: {}, outlierDetection: {} })).toThrow(exactly([
      "[test/breaker] 'connectionPool' needs 'tcp', 'http' or both",
      "[test/breaker] 'outlierDetection' is empty: give at least one setting",
    ].join('\n')));
  });

  test('value problems of a breaker are reported with the breaker\'s path', () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    expect(() => new CircuitBreaker(chart, 'breaker', {
      host: svc,
      connectionPool: { http: { maxRequestsPerConnection: 536_870_913 } },
      outlierDetection: { maxEjectionPercent: 101, minHealthPercent: -1, consecutiveLocalOriginFailures: 1 },
    })).toThrow(exactly([
      "[test/breaker] 'connectionPool.http.maxRequestsPerConnection' must be an integer between 1 and 536870912, got 536870913",
      "[test/breaker] 'outlierDetection.consecutiveLocalOriginFailures' only applies with 'splitExternalLocalOriginErrors: true'",
      "[test/breaker] 'outlierDetection.maxEjectionPercent' must be an integer between 0 and 100, got 101",
      "[test/breaker] 'outlierDetection.minHealthPercent' must be an integer between 0 and 100, got -1",
    ].join('\n')));
  });

  test('a rejected breaker leaves no settings behind', async () => {
    const { chart, mesh } = setup();
    const svc = reviews(mesh);
    expect(() => new CircuitBreaker(chart, 'breaker', { host: svc, connectionPool: { tcp: { maxConnections: 1 } }, outlierDetection: { maxEjectionPercent: 101 } })).toThrow();
    expect((await destinationRule(chart)).trafficPolicy).toBeUndefined();
  });

  test('a breaker on an external service creates its DestinationRule', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const payments = mesh.addExternalService('payments', { hosts: ['api.payments.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
    // WHEN
    new CircuitBreaker(chart, 'breaker', { host: payments, port: 443, outlierDetection: { consecutiveGatewayErrors: 3, interval: Duration.seconds(30) } });
    // THEN
    expect(await destinationRule(chart, 'payments')).toEqual({
      host: 'api.payments.example.com',
      trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, outlierDetection: { consecutiveGatewayErrors: 3, interval: '30s' } }] },
    });
  });

  test('a breaker on a version of an external service fails at synth: external services have no versions', async () => {
    const { chart, mesh } = setup();
    const payments = mesh.addExternalService('payments', { hosts: ['api.payments.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
    new CircuitBreaker(chart, 'breaker', { host: payments, version: 'v1', connectionPool: { tcp: { maxConnections: 5 } } });
    expect(await synthProblems(chart)).toEqual([
      "[test/mesh/external-payments] traffic policy from test/breaker: version 'v1' is not declared on 'payments' (declared: none)",
    ]);
  });
});

describe('CircuitBreaker: untyped callers', () => {
  test('a host that is not a MeshService or ExternalService fails', () => {
    const { chart } = setup();
    expect(() => new CircuitBreaker(chart, 'cb', { host: 'reviews', connectionPool: { tcp: { maxConnections: 1 } } } as any))
      .toThrow(exactly("[test/cb] 'host' must be a MeshService or ExternalService, got 'reviews'"));
  });

  test.each([
    [{ connectionPool: { tcp: { maxConnections: '100' } } }, "'connectionPool.tcp.maxConnections' must be a number, got '100'"],
    [{ outlierDetection: { interval: 10 } }, "'outlierDetection.interval' must be a Duration (e.g. Duration.seconds(5)), got 10"],
    [{ connectionPool: { http: { h2UpgradePolicy: 'upgrade' } } },
      "'connectionPool.http.h2UpgradePolicy' must be one of DEFAULT, DO_NOT_UPGRADE, UPGRADE, got 'upgrade'"],
    [{ connectionPool: { tcp: {} }, port: '9080' }, "'port' must be a number, got '9080'"],
  ])('props %j fail before anything reads them', (props, message) => {
    const { chart, mesh } = setup();
    const host = reviews(mesh);
    expect(() => new CircuitBreaker(chart, 'cb', { host, ...props } as any)).toThrow(exactly(`[test/cb] ${message}`));
  });

  test('a NaN or infinite duration fails in our words', () => {
    const { chart, mesh } = setup();
    const host = reviews(mesh);
    expect(() => new CircuitBreaker(chart, 'cb', { host, outlierDetection: { baseEjectionTime: Duration.seconds(Infinity) } }))
      .toThrow(exactly("[test/cb] 'outlierDetection.baseEjectionTime' must be a finite duration, got Infinity milliseconds"));
  });
});
