import { Duration } from 'cdk8s';
import { LoadBalancer, LoadBalancerAlgorithm, Protocol } from '../src';
import { destinationRule, reviews, SERVICE, setup } from './util/traffic-policies';
import { exactly } from './util/validate';

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
});
