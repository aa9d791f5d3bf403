import { Canary, Gateway, GatewayServer, ProgressiveDelivery } from '../../src';
import { analyze } from '../../src/analysis';
import { controllerObjects } from '../../src/analysis/controllers';
import { reviewsMesh } from '../util/reviews-mesh';
import { synthValid } from '../util/validate';

/** The manifests of `reviews` (v1 → v2) handed to Flagger, with a gateway routing reviews.example.com to reviews. */
async function handedOffWithGateway(): Promise<any[]> {
  const { chart, mesh, reviews } = reviewsMesh(['v1', 'v2']);
  new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger({ stepWeight: 10 }) });
  const gateway = new Gateway(chart, 'gw', { mesh, servers: [GatewayServer.http({ hosts: ['*'] })] });
  gateway.addRoute({ hosts: ['reviews.example.com'], destinations: [{ host: reviews }] });
  return synthValid(chart);
}

const codes = (objects: any[]) => analyze(objects).map(m => `${m.code} ${m.resource}`);

describe('controllerObjects', () => {
  test('GIVEN a Flagger Canary and its target THEN the objects Flagger creates are assumed, the primary relabelled', async () => {
    // GIVEN
    const objects = await handedOffWithGateway();
    // WHEN
    const created = controllerObjects(objects);
    // THEN
    expect(created.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/reviews-primary', 'Service/reviews', 'Service/reviews-primary', 'Service/reviews-canary',
      'DestinationRule/reviews-primary', 'DestinationRule/reviews-canary', 'VirtualService/reviews',
    ]);
    const primary = created[0];
    expect(primary.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'reviews-primary' } });
    expect(primary.spec.template.metadata.labels).toEqual({
      'app': 'reviews',
      'version': 'v2',
      'app.kubernetes.io/name': 'reviews-primary',
      'service.istio.io/canonical-name': 'reviews',
      'service.istio.io/canonical-revision': 'v2',
    });
    expect(created[1].spec).toEqual({
      type: 'ClusterIP', selector: { 'app.kubernetes.io/name': 'reviews-primary' }, ports: [{ name: 'http', protocol: 'TCP', port: 9080, targetPort: 9080 }],
    });
    expect(created[3].spec.selector).toEqual({ 'app.kubernetes.io/name': 'reviews' });
    expect(created[6].spec).toEqual({
      hosts: ['reviews'],
      gateways: ['mesh'],
      http: [{ route: [{ destination: { host: 'reviews-primary' }, weight: 100 }, { destination: { host: 'reviews-canary' }, weight: 0 }] }],
    });
  });

  test('GIVEN a Canary of another provider or without its target THEN nothing is assumed', async () => {
    // GIVEN
    const objects = await handedOffWithGateway();
    const canary = objects.find(o => o.kind === 'Canary');
    // THEN
    expect(controllerObjects([{ ...canary, spec: { ...canary.spec, provider: 'linkerd' } }])).toEqual([]);
    expect(controllerObjects([canary])).toEqual([]);
  });

  test('GIVEN the hand-off\'s manifests THEN the analysis finds the Service reviews Flagger creates; without the Flagger Canary it reports it missing', async () => {
    // GIVEN
    const objects = await handedOffWithGateway();
    // THEN
    expect(codes(objects)).toEqual([]);
    expect(codes(objects.filter(o => o.kind !== 'Canary'))).toEqual(['IST0101 VirtualService istio-ingress/gw-reviews.example.com']);
  });
});
