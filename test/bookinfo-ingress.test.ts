import { Testing } from 'cdk8s';
import { findAll, findObject, synthValid } from './util/validate';
import { buildBookinfoApp } from '../examples/bookinfo/app';
import { Bookinfo } from '../examples/bookinfo/bookinfo';
import { addBookinfoIngress } from '../examples/bookinfo/ingress';

/**
 * What Istio's samples/bookinfo/networking/bookinfo-gateway.yaml declares (applied in bookinfo's
 * namespace, `default`), restated here so the test runs without it.
 */
const SAMPLE_GATEWAY_SPEC = {
  selector: { istio: 'ingressgateway' },
  servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
};
const SAMPLE_VIRTUAL_SERVICE_SPEC = {
  hosts: ['*'],
  gateways: ['bookinfo-gateway'],
  http: [{
    match: [
      { uri: { exact: '/productpage' } },
      { uri: { prefix: '/static' } },
      { uri: { exact: '/login' } },
      { uri: { exact: '/logout' } },
      { uri: { prefix: '/api/v1/products' } },
    ],
    route: [{ destination: { host: 'productpage', port: { number: 9080 } } }],
  }],
};

async function synthBookinfoIngress() {
  const app = Testing.app();
  const bookinfo = new Bookinfo(app, 'bookinfo');
  const ingress = addBookinfoIngress(bookinfo);
  return { objects: await synthValid(bookinfo), ingress };
}

describe('bookinfo ingress example', () => {
  test('the Gateway equals bookinfo-gateway.yaml\'s', async () => {
    // GIVEN / WHEN
    const { objects } = await synthBookinfoIngress();
    // THEN
    const gateway = findObject(objects, 'networking.istio.io/Gateway', 'bookinfo-gateway', 'default');
    expect(gateway.apiVersion).toBe('networking.istio.io/v1');
    expect(gateway.spec).toEqual(SAMPLE_GATEWAY_SPEC);
    expect(findAll(objects, 'networking.istio.io/Gateway')).toHaveLength(1);
  });

  test('the VirtualService equals bookinfo-gateway.yaml\'s', async () => {
    // GIVEN / WHEN
    const { objects } = await synthBookinfoIngress();
    // THEN
    const vs = findObject(objects, 'VirtualService', 'bookinfo', 'default');
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.spec).toEqual(SAMPLE_VIRTUAL_SERVICE_SPEC);
  });

  test('the Gateway selects the ingress gateway pods it adds, whose Service reaches port 8080', async () => {
    // GIVEN / WHEN
    const { objects } = await synthBookinfoIngress();
    // THEN
    const deployment = findObject(objects, 'Deployment', 'istio-ingressgateway', 'istio-ingress');
    const podLabels = deployment.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(SAMPLE_GATEWAY_SPEC.selector)) {
      expect(podLabels[k]).toBe(v);
    }
    expect(deployment.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['istio-proxy']);
    expect(deployment.spec.template.spec.containers[0].args.slice(0, 2)).toEqual(['proxy', 'router']);
    expect(findObject(objects, 'Service', 'istio-ingressgateway', 'istio-ingress').spec).toMatchObject({
      type: 'LoadBalancer',
      ports: [
        { name: 'status-port', port: 15021, targetPort: 15021 },
        { name: 'http2', port: 80, targetPort: 8080 },
        { name: 'https', port: 443, targetPort: 8443 },
      ],
    });
    expect(findObject(objects, 'Namespace', 'istio-ingress').metadata.labels).toEqual({ 'istio-injection': 'disabled' });
  });

  test('it adds the gateway objects and nothing else', async () => {
    // GIVEN
    const before = new Bookinfo(Testing.app(), 'bookinfo');
    const after = new Bookinfo(Testing.app(), 'bookinfo');
    // WHEN
    addBookinfoIngress(after);
    // THEN
    const key = (o: any) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const existing = new Set((await synthValid(before)).map(key));
    expect((await synthValid(after)).map(key).filter(k => !existing.has(k))).toEqual([
      'Namespace /istio-ingress',
      'ServiceAccount istio-ingress/istio-ingressgateway',
      'Deployment istio-ingress/istio-ingressgateway',
      'Service istio-ingress/istio-ingressgateway',
      'Role istio-ingress/istio-ingressgateway',
      'RoleBinding istio-ingress/istio-ingressgateway',
      'Gateway default/bookinfo-gateway',
      'VirtualService default/bookinfo',
    ]);
  });

  test('in the whole bookinfo app the gateway lands in the bookinfo chart and its namespace in the base chart', async () => {
    // GIVEN
    const app = Testing.app();
    // WHEN: the whole app, which adds the ingress itself
    const { base, bookinfo } = buildBookinfoApp(app);
    await synthValid(app);
    // THEN
    const baseObjects = Testing.synth(base);
    const bookinfoObjects = Testing.synth(bookinfo);
    expect(findObject(baseObjects, 'Namespace', 'istio-ingress')).toBeDefined();
    expect(findObject(bookinfoObjects, 'networking.istio.io/Gateway', 'bookinfo-gateway', 'default').spec).toEqual(SAMPLE_GATEWAY_SPEC);
    expect(findObject(bookinfoObjects, 'VirtualService', 'bookinfo', 'default').spec).toEqual(SAMPLE_VIRTUAL_SERVICE_SPEC);
    const pod = findObject(bookinfoObjects, 'Deployment', 'istio-ingressgateway', 'istio-ingress').spec.template;
    expect(pod.spec.containers[0].image).toBe(bookinfo.mesh.istio.proxyImage);
  });
});
