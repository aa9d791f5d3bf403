import { Duration } from 'cdk8s';
import { ClientTls, LoadBalancer, TrafficPolicy } from '../src';
import { destinationRule, reviews, SERVICE, setup } from './util/traffic-policies';
import { exactly, synthProblems } from './util/validate';

const INT32 = 2_147_483_647;

function at(obj: any, path: string): any {
  return path.split('.').reduce((o, key) => o?.[key], obj);
}

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
