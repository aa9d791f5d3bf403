import { Chart, Testing } from 'cdk8s';
import { buildBookinfoGatewayApiApp } from '../../../examples/bookinfo/gateway-api';
import { Canary, CanaryTesters, Mesh, RoutingApi, StringMatch } from '../../../src';
import { RoutedBy, RoutingSimulator } from '../../../src/analysis/simulate/facade';

/** The library's own Gateway API output (RoutingApi.GATEWAY_API), simulated. */

function bookinfo(): RoutingSimulator {
  const app = Testing.app();
  buildBookinfoGatewayApiApp(app);
  return RoutingSimulator.of(app.charts.flatMap(c => c.toJson()));
}

describe('bookinfo in Gateway API mode', () => {
  const sim = bookinfo();
  const ingress = (path: string) => sim.route({ host: 'bookinfo.example.com', path, gateway: 'default/bookinfo-gateway' });

  test.each([
    ['/productpage', 0],
    ['/static/css/style.css', 1],
    ['/static', 1],
    ['/login', 2],
    ['/logout', 3],
    ['/api/v1/products/1/reviews', 4],
  ])('the ingress sends %s to productpage (match %d of the HTTPRoute bookinfo)', (path, matchIndex) => {
    // WHEN
    const answer = ingress(path);
    // THEN
    expect(answer.routedBy).toBe(RoutedBy.HTTP_ROUTE);
    expect(answer.gateway).toBe('default/bookinfo-gateway');
    expect(answer.rule).toEqual({ kind: 'HTTPRoute', namespace: 'default', name: 'bookinfo', index: 0, matchIndex });
    expect(answer.destinations.map(d => [d.service, d.port, d.weight, d.authorization?.verdict])).toEqual([['default/productpage', 9080, 100, 'allowed']]);
  });

  test.each(['/productpage/x', '/staticfiles', '/login/again', '/', '/api/v1/productsx'])('the ingress answers %s with 404', (path) => {
    const answer = ingress(path);
    expect([answer.routedBy, answer.status, answer.destinations]).toEqual([RoutedBy.NONE, 404, []]);
  });

  test.each(['reviews', 'ratings', 'details'])('in the mesh, %s goes to its default version\'s Service, v1', (name) => {
    // WHEN
    const answer = sim.route({ host: name, source: { workload: 'default/productpage-v1' } });
    // THEN
    expect([answer.routedBy, answer.rule?.name]).toEqual([RoutedBy.HTTP_ROUTE, name]);
    expect(answer.destinations.map(d => [d.service, d.weight])).toEqual([[`default/${name}-v1`, 100]]);
  });

  test('authorization at the destination: productpage may call reviews, ratings may not', () => {
    const verdict = (workload: string) => sim.route({ host: 'reviews', source: { workload } }).destinations[0].authorization?.verdict;
    expect(verdict('default/productpage-v1')).toBe('allowed');
    expect(verdict('default/ratings-v1')).toBe('denied');
  });
});

describe('a Canary in Gateway API mode', () => {
  function canary(weight: number) {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const mesh = new Mesh(chart, 'mesh', { routingApi: RoutingApi.GATEWAY_API });
    const reviews = mesh.addService('reviews', {
      ports: [{ port: 9080 }],
      versions: [{ name: 'v1', image: 'reviews:1' }, { name: 'v2', image: 'reviews:2' }],
    });
    new Canary(chart, 'canary', {
      service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight, testers: CanaryTesters.header('end-user', StringMatch.exact('jason')),
    });
    return RoutingSimulator.of(Testing.synth(chart));
  }

  test('testers reach the canary; the others are split by the canary\'s weight', () => {
    // GIVEN
    const sim = canary(10);
    // WHEN
    const jason = sim.route({ host: 'reviews', headers: { 'end-user': 'jason' } });
    const others = sim.route({ host: 'reviews' });
    // THEN
    expect(jason.destinations.map(d => [d.service, d.weight])).toEqual([['default/reviews-v2', 100]]);
    expect(others.destinations.map(d => [d.service, d.weight])).toEqual([['default/reviews-v1', 90], ['default/reviews-v2', 10]]);
    expect(jason.rule?.ruleName).toBe('v2-testers');
  });

  test('the tester rule is the more specific one wherever it is written (a header match outranks none)', () => {
    const sim = canary(0);
    expect(sim.route({ host: 'reviews', headers: { 'End-User': 'jason' } }).destinations.map(d => d.service)).toEqual(['default/reviews-v2']);
    expect(sim.route({ host: 'reviews', headers: { 'end-user': 'jasonx' } }).destinations.map(d => d.service)).toEqual(['default/reviews-v1']);
  });
});
