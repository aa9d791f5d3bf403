import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { IstioCrds, Mesh } from '../src';
import { exactly, synthValid } from './util/validate';

const FIXTURE = path.join(__dirname, 'fixtures', 'istio-crds.yaml');

describe('IstioCrds', () => {
  test('CRDs from a file come first in the output, before namespaces and Istio objects', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    // WHEN
    const mesh = new Mesh(chart, 'mesh', { crds: IstioCrds.fromFile(FIXTURE) });
    mesh.addService('web', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'w:1' }] });
    // THEN
    const objects = await synthValid(chart);
    expect(objects.slice(0, 2).map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'CustomResourceDefinition/virtualservices.networking.istio.io',
      'CustomResourceDefinition/peerauthentications.security.istio.io',
    ]);
    const order = objects.map(o => o.kind);
    expect(order.lastIndexOf('CustomResourceDefinition')).toBeLessThan(order.indexOf('Namespace'));
    expect(order.lastIndexOf('CustomResourceDefinition')).toBeLessThan(order.indexOf('PeerAuthentication'));
    expect(order.lastIndexOf('CustomResourceDefinition')).toBeLessThan(order.indexOf('VirtualService'));
    expect(mesh.crdObjects.map(o => o.name)).toEqual(['virtualservices.networking.istio.io', 'peerauthentications.security.istio.io']);
  });

  test('no CRDs by default', async () => {
    const chart = new Chart(Testing.app(), 'test');
    new Mesh(chart, 'mesh');
    expect((await synthValid(chart)).filter(o => o.kind === 'CustomResourceDefinition')).toEqual([]);
    expect(IstioCrds.none().source).toBeUndefined();
  });

  test('a file with anything but CRDs fails at construction', () => {
    const chart = new Chart(Testing.app(), 'test');
    const file = path.join(__dirname, 'fixtures', 'not-crds.yaml');
    expect(() => new Mesh(chart, 'mesh', { crds: IstioCrds.fromFile(file) }))
      .toThrow(`[test/mesh] '${file}' holds ConfigMap 'surprise': only apiextensions.k8s.io/v1 CustomResourceDefinitions are included as Istio CRDs`);
  });

  test('a missing file fails at construction with its path', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new Mesh(chart, 'mesh', { crds: IstioCrds.fromFile('/no/such/crds.yaml') }))
      .toThrow("[test/mesh] cannot read Istio CRDs from '/no/such/crds.yaml'");
  });

  test('fromUrl takes http(s) URLs only', () => {
    expect(IstioCrds.fromUrl('https://example.com/crd-all.gen.yaml').source).toBe('https://example.com/crd-all.gen.yaml');
    expect(() => IstioCrds.fromUrl('crds.yaml')).toThrow("'url' must be an http(s) URL, got 'crds.yaml' (use IstioCrds.fromFile for files)");
  });
});

describe('IstioCrds: untyped callers', () => {
  test('fromFile and fromUrl take strings, and a file must be named', () => {
    expect(() => IstioCrds.fromFile(undefined as any)).toThrow(exactly("'path' must be a string, got undefined"));
    expect(() => IstioCrds.fromFile(' ')).toThrow(exactly("'path' must name a file, got ' '"));
    expect(() => IstioCrds.fromUrl({ href: 'https://x' } as any)).toThrow(exactly("'url' must be a string, got an object"));
    expect(IstioCrds.fromFile('crds.yaml').source).toBe('crds.yaml');
  });
});
