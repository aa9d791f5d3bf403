import { Chart, Testing } from 'cdk8s';
import { Mesh } from '../../src';
import { HandedOffObjects } from '../../src/model/handed-off';
import { serviceModelOf } from '../../src/model/service';
import { reviewsMesh } from '../util/reviews-mesh';
import { exactly } from '../util/validate';

/** What a controller takes over, with nothing by default. */
function objects(owned: Partial<HandedOffObjects> = {}): HandedOffObjects {
  return { controller: 'test-controller', path: 'test/canary', service: false, routing: false, versions: [], hosts: [], ...owned };
}

/** `kind/name` of every object of the chart. */
function names(chart: Chart): string[] {
  return Testing.synth(chart).map(o => `${o.kind}/${o.metadata.name}`);
}

describe('ServiceModel.handOver', () => {
  test('GIVEN a service WHEN its Service and routing are handed over THEN the Service, VirtualService and DestinationRule are left out', () => {
    // GIVEN
    const { chart, reviews } = reviewsMesh();
    // WHEN
    serviceModelOf(reviews)!.handOver(objects({ service: true, routing: true }));
    // THEN
    const kinds = names(chart);
    expect(kinds.filter(n => n.endsWith('/reviews'))).toEqual(['ServiceAccount/reviews']);
    expect(kinds).toEqual(expect.arrayContaining(['Deployment/reviews-v1', 'Deployment/reviews-v2']));
    expect(serviceModelOf(reviews)!.handedOff).toEqual(objects({ service: true, routing: true }));
  });

  test('GIVEN a service WHEN only versions are handed over THEN their Deployments are left out, the Service and routing stay', () => {
    // GIVEN
    const { chart, reviews } = reviewsMesh(['v1', 'v2', 'v3']);
    // WHEN
    serviceModelOf(reviews)!.handOver(objects({ versions: ['v1', 'v2'] }));
    // THEN
    const kinds = names(chart);
    expect(kinds.filter(n => n.startsWith('Deployment/'))).toEqual(['Deployment/reviews-v3']);
    expect(kinds).toEqual(expect.arrayContaining(['Service/reviews', 'VirtualService/reviews', 'DestinationRule/reviews']));
  });

  test('GIVEN a handed-over version WHEN it is declared after the hand-over THEN it emits no Deployment', () => {
    // GIVEN
    const { chart, reviews } = reviewsMesh(['v1']);
    serviceModelOf(reviews)!.handOver(objects({ versions: ['v2'] }));
    // WHEN
    reviews.addVersion('v2', { image: 'example/reviews:v2' });
    reviews.addVersion('v3', { image: 'example/reviews:v3' });
    // THEN
    expect(names(chart).filter(n => n.startsWith('Deployment/'))).toEqual(['Deployment/reviews-v1', 'Deployment/reviews-v3']);
  });

  test('GIVEN a version model THEN it names the version\'s Deployment', () => {
    // GIVEN
    const { reviews } = reviewsMesh(['v1']);
    // THEN
    const version = serviceModelOf(reviews)!.versions[0];
    expect(version.workload?.name).toBe('reviews-v1');
    expect(version.adopted).toBe(false);
  });

  test('GIVEN a service handed over with controller hosts WHEN a scoped caller calls it THEN its Sidecar imports the controller\'s hosts too', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh');
    const reviews = mesh.addService('reviews', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'example/reviews:v1' }] });
    const productpage = mesh.addService('productpage', { ports: [{ port: 9080 }], sidecarScoping: true, versions: [{ name: 'v1', image: 'example/productpage:v1' }] });
    productpage.calls(reviews);
    // WHEN
    serviceModelOf(reviews)!.handOver(objects({ hosts: ['reviews-primary.default.svc.cluster.local'] }));
    // THEN
    const sidecar = Testing.synth(chart).find(o => o.kind === 'Sidecar' && o.metadata.name === 'productpage');
    expect(sidecar.spec.egress[0].hosts).toEqual(['default/reviews-primary.default.svc.cluster.local', 'default/reviews.default.svc.cluster.local', 'istio-system/*']);
  });

  test('GIVEN a service handed over WHEN it is handed over again THEN it is an error naming both', () => {
    // GIVEN
    const { reviews } = reviewsMesh();
    serviceModelOf(reviews)!.handOver(objects());
    // THEN
    expect(() => serviceModelOf(reviews)!.handOver(objects({ controller: 'other', path: 'test/other' })))
      .toThrow(exactly("[test/other] service 'reviews' is already handed off to test-controller (test/canary)"));
  });
});
