import { validateManifests } from './util/validate';
import { SCENARIOS, synthScenario } from '../examples/bookinfo/scenarios';

/**
 * The specs of Istio's bookinfo routing samples (samples/bookinfo/networking), restated so that
 * the test runs without them: what each scenario must reproduce.
 */
const to = (host: string, subset: string, weight?: number) =>
  ({ destination: { host, subset }, ...weight !== undefined ? { weight } : {} });
const only = (host: string, subset: string) => ({ hosts: [host], http: [{ route: [to(host, subset)] }] });
const split = (host: string, a: string, wa: number, b: string, wb: number) =>
  ({ hosts: [host], http: [{ route: [to(host, a, wa), to(host, b, wb)] }] });
const jason = [{ headers: { 'end-user': { exact: 'jason' } } }];
const subsets = (...versions: string[]) => versions.map(v => ({ name: v, labels: { version: v } }));
const mtls = (host: string, versions: string[]) => ({ host, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: subsets(...versions) });

const EXPECTED: { [sample: string]: Array<[string, string, any]> } = {
  'virtual-service-reviews-90-10': [['VirtualService', 'reviews', split('reviews', 'v1', 90, 'v2', 10)]],
  'virtual-service-reviews-80-20': [['VirtualService', 'reviews', split('reviews', 'v1', 80, 'v2', 20)]],
  'virtual-service-reviews-50-v3': [['VirtualService', 'reviews', split('reviews', 'v1', 50, 'v3', 50)]],
  'virtual-service-reviews-v3': [['VirtualService', 'reviews', only('reviews', 'v3')]],
  'virtual-service-reviews-v2-v3': [['VirtualService', 'reviews', split('reviews', 'v2', 50, 'v3', 50)]],
  'virtual-service-reviews-jason-v2-v3': [['VirtualService', 'reviews', {
    hosts: ['reviews'],
    http: [{ match: jason, route: [to('reviews', 'v2')] }, { route: [to('reviews', 'v3')] }],
  }]],
  'virtual-service-reviews-test-v2': [['VirtualService', 'reviews', {
    hosts: ['reviews'],
    http: [{ match: jason, route: [to('reviews', 'v2')] }, { route: [to('reviews', 'v1')] }],
  }]],
  'virtual-service-ratings-test-delay': [['VirtualService', 'ratings', {
    hosts: ['ratings'],
    http: [
      { match: jason, fault: { delay: { percentage: { value: 100 }, fixedDelay: '7s' } }, route: [to('ratings', 'v1')] },
      { route: [to('ratings', 'v1')] },
    ],
  }]],
  'virtual-service-ratings-test-abort': [['VirtualService', 'ratings', {
    hosts: ['ratings'],
    http: [
      { match: jason, fault: { abort: { percentage: { value: 100 }, httpStatus: 500 } }, route: [to('ratings', 'v1')] },
      { route: [to('ratings', 'v1')] },
    ],
  }]],
  'virtual-service-details-v2': [['VirtualService', 'details', only('details', 'v2')]],
  'virtual-service-ratings-db': [['VirtualService', 'reviews', only('reviews', 'v3')], ['VirtualService', 'ratings', only('ratings', 'v2')]],
  'virtual-service-ratings-mysql': [['VirtualService', 'reviews', only('reviews', 'v3')], ['VirtualService', 'ratings', only('ratings', 'v2-mysql')]],
  'virtual-service-ratings-mysql-vm': [['VirtualService', 'reviews', only('reviews', 'v3')], ['VirtualService', 'ratings', only('ratings', 'v2-mysql-vm')]],
  'destination-rule-all-mtls': [
    ['DestinationRule', 'productpage', mtls('productpage', ['v1'])],
    ['DestinationRule', 'reviews', mtls('reviews', ['v1', 'v2', 'v3'])],
    ['DestinationRule', 'ratings', mtls('ratings', ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'])],
    ['DestinationRule', 'details', mtls('details', ['v1', 'v2'])],
  ],
  'destination-rule-reviews': [['DestinationRule', 'reviews', {
    host: 'reviews',
    trafficPolicy: { loadBalancer: { simple: 'RANDOM' } },
    subsets: subsets('v1', 'v2', 'v3'),
  }]],
  'egress-rule-google-apis': [
    ['ServiceEntry', 'googleapis', {
      hosts: ['www.googleapis.com'],
      ports: [{ number: 80, name: 'http', protocol: 'HTTP' }, { number: 443, name: 'https', protocol: 'HTTPS' }],
      resolution: 'DNS',
      location: 'MESH_EXTERNAL', // Istio's default, written out
    }],
    ['VirtualService', 'rewrite-port-for-googleapis', {
      hosts: ['www.googleapis.com'],
      http: [{ match: [{ port: 80 }], route: [{ destination: { host: 'www.googleapis.com', port: { number: 443 } } }] }],
    }],
    ['DestinationRule', 'originate-tls-for-googleapis', {
      host: 'www.googleapis.com',
      // Istio's port-level settings replace the host's: the sample's ROUND_ROBIN silently does not
      // apply to port 443. Port policies here refine the host's, so it is written out there too.
      trafficPolicy: {
        loadBalancer: { simple: 'ROUND_ROBIN' },
        portLevelSettings: [{ port: { number: 443 }, loadBalancer: { simple: 'ROUND_ROBIN' }, tls: { mode: 'SIMPLE' } }],
      },
    }],
  ],
};

describe('bookinfo routing scenarios', () => {
  test('there is one scenario per Istio sample, each with its expected objects', () => {
    expect(SCENARIOS.map(s => s.name).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(SCENARIOS).toHaveLength(16);
  });

  test.each(SCENARIOS.map(s => [s.name, s] as const))('%s reproduces the Istio sample', async (name, scenario) => {
    // WHEN
    const objects = synthScenario(scenario);
    // THEN
    await validateManifests(objects);
    expect(objects.map(o => [o.kind, o.metadata.name, o.spec])).toEqual(EXPECTED[name]);
    for (const o of objects) {
      expect(o.apiVersion).toBe('networking.istio.io/v1');
      expect(o.metadata.namespace).toBe('default');
    }
  });
});
