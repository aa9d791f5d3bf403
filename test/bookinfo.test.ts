import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, YamlOutputType } from 'cdk8s';
import * as YAML from 'yaml';
import { Bookinfo } from '../examples/bookinfo/bookinfo';
import { MeshApp } from '../src';
import { findAll, findObject, synthValid } from './util/validate';

/**
 * What Istio's samples/bookinfo (bookinfo.yaml, destination-rule-all.yaml,
 * virtual-service-all-v1.yaml) declare, restated here so the test runs without them.
 */
const IMAGE = (name: string) => `registry.istio.io/release/examples-bookinfo-${name}:1.20.3`;
const DEPLOYMENTS: Array<[string, string, string, string]> = [
  // deployment, app, version, image
  ['details-v1', 'details', 'v1', IMAGE('details-v1')],
  ['ratings-v1', 'ratings', 'v1', IMAGE('ratings-v1')],
  ['reviews-v1', 'reviews', 'v1', IMAGE('reviews-v1')],
  ['reviews-v2', 'reviews', 'v2', IMAGE('reviews-v2')],
  ['reviews-v3', 'reviews', 'v3', IMAGE('reviews-v3')],
  ['productpage-v1', 'productpage', 'v1', IMAGE('productpage-v1')],
];
const SUBSETS: { [host: string]: string[] } = {
  productpage: ['v1'],
  reviews: ['v1', 'v2', 'v3'],
  ratings: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'],
  details: ['v1', 'v2'],
};

async function synthBookinfo() {
  const app = Testing.app();
  const chart = new Bookinfo(app, 'bookinfo');
  return synthValid(chart);
}

describe('bookinfo example', () => {
  test('services, ports and service accounts match Istio bookinfo.yaml', async () => {
    const objects = await synthBookinfo();
    for (const name of ['details', 'ratings', 'reviews', 'productpage']) {
      expect(findObject(objects, 'Service', name, 'default')).toMatchObject({
        metadata: { labels: { app: name, service: name } },
        spec: { ports: [{ port: 9080, name: 'http' }], selector: { app: name } },
      });
      expect(findObject(objects, 'ServiceAccount', `bookinfo-${name}`, 'default').metadata.labels).toEqual({ account: name });
    }
    expect(findAll(objects, 'Service')).toHaveLength(4);
    expect(findAll(objects, 'ServiceAccount')).toHaveLength(4);
  });

  test('deployments have the labels, images, ports and service accounts of Istio bookinfo.yaml', async () => {
    const objects = await synthBookinfo();
    expect(findAll(objects, 'Deployment').map(d => d.metadata.name).sort()).toEqual(DEPLOYMENTS.map(d => d[0]).sort());
    for (const [name, app, version, image] of DEPLOYMENTS) {
      const d = findObject(objects, 'Deployment', name, 'default');
      expect(d.metadata.labels).toEqual({ app, version });
      expect(d.spec.replicas).toBe(1);
      expect(d.spec.selector.matchLabels).toEqual({ app, version });
      expect(d.spec.template.metadata.labels).toMatchObject({ app, version });
      expect(d.spec.template.spec.serviceAccountName).toBe(`bookinfo-${app}`);
      expect(d.spec.template.spec.containers).toHaveLength(1);
      expect(d.spec.template.spec.containers[0]).toMatchObject({
        name: app,
        image,
        imagePullPolicy: 'IfNotPresent',
        ports: [{ containerPort: 9080 }],
      });
    }
  });

  test('reviews and productpage get their environment, scratch volumes and annotations', async () => {
    const objects = await synthBookinfo();
    for (const v of ['v1', 'v2', 'v3']) {
      const pod = findObject(objects, 'Deployment', `reviews-${v}`).spec.template.spec;
      expect(pod.containers[0].env).toEqual([{ name: 'LOG_DIR', value: '/tmp/logs' }]);
      expect(pod.containers[0].volumeMounts).toEqual(expect.arrayContaining([
        expect.objectContaining({ name: 'tmp', mountPath: '/tmp' }),
        expect.objectContaining({ name: 'wlp-output', mountPath: '/opt/ibm/wlp/output' }),
      ]));
      expect(pod.volumes).toEqual(expect.arrayContaining([{ name: 'tmp', emptyDir: {} }, { name: 'wlp-output', emptyDir: {} }]));
    }
    const productpage = findObject(objects, 'Deployment', 'productpage-v1').spec.template;
    expect(productpage.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9080',
      'prometheus.io/path': '/metrics',
    });
    expect(productpage.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
  });

  test('destination rules match destination-rule-all.yaml', async () => {
    const objects = await synthBookinfo();
    expect(findAll(objects, 'DestinationRule')).toHaveLength(4);
    for (const [host, versions] of Object.entries(SUBSETS)) {
      expect(findObject(objects, 'DestinationRule', host, 'default').spec).toEqual({
        host,
        subsets: versions.map(v => ({ name: v, labels: { version: v } })),
      });
    }
  });

  test('virtual services match virtual-service-all-v1.yaml', async () => {
    const objects = await synthBookinfo();
    expect(findAll(objects, 'VirtualService')).toHaveLength(4);
    for (const host of Object.keys(SUBSETS)) {
      expect(findObject(objects, 'VirtualService', host, 'default').spec).toEqual({
        hosts: [host],
        http: [{ route: [{ destination: { host, subset: 'v1' } }] }],
      });
    }
  });

  test('synthesizing twice gives identical bytes', () => {
    const synthOnce = () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bookinfo-'));
      const app = new MeshApp({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
      new Bookinfo(app, 'bookinfo');
      app.synth();
      const files = fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).sort();
      return files.map(f => `# ${f}\n${fs.readFileSync(path.join(outdir, f), 'utf-8')}`).join('\n');
    };
    const first = synthOnce();
    expect(first.length).toBeGreaterThan(1000);
    expect(synthOnce()).toBe(first);
  });

  test('whole-example golden', async () => {
    const objects = await synthBookinfo();
    expect(YAML.stringify(objects, { lineWidth: 0 })).toMatchSnapshot();
  });
});
