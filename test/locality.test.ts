import { Duration } from 'cdk8s';
import { LoadBalancer, LocalityDistribution, LocalityLoadBalancing, TrafficPolicy } from '../src';
import { destinationRule, reviews, SERVICE, setup } from './util/traffic-policies';
import { exactly, synthProblems } from './util/validate';

/** A round-robin policy with locality settings, and with outlier detection when `withOutlier`. */
function roundRobin(locality: LocalityLoadBalancing, withOutlier = false): TrafficPolicy {
  return { loadBalancer: LoadBalancer.roundRobin({ locality }), outlierDetection: withOutlier ? { consecutive5xxErrors: 1 } : undefined };
}

describe('load balancing', () => {
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
