import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
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
      .toThrow(exactly("[test/mesh] cannot read Istio CRDs from '/no/such/crds.yaml': no such file"));
  });

  describe('files that cannot be read or are no YAML', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-crds-'));
    const write = (name: string, content: string | Buffer) => {
      fs.writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const meshWith = (file: string) => () => new Mesh(new Chart(Testing.app(), 'test'), 'mesh', { crds: IstioCrds.fromFile(file) });

    test('a directory', () => {
      expect(meshWith(dir)).toThrow(exactly(`[test/mesh] cannot read Istio CRDs from '${dir}': it is a directory`));
    });

    test('a path through a regular file', () => {
      const file = write('plain.txt', 'x');
      expect(meshWith(path.join(file, 'crds.yaml'))).toThrow(exactly(`[test/mesh] cannot read Istio CRDs from '${file}/crds.yaml': a part of the path is not a directory`));
    });

    test('invalid YAML, with its line', () => {
      const file = write('bad.yaml', fs.readFileSync(FIXTURE, 'utf-8').replace('kind: CustomResourceDefinition', 'kind: [CustomResourceDefinition'));
      expect(meshWith(file)).toThrow(exactly(`[test/mesh] cannot read Istio CRDs: ${file}:5: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`));
    });

    test('a binary file', () => {
      const file = write('crds.tgz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]));
      expect(meshWith(file)).toThrow(exactly(`[test/mesh] cannot read Istio CRDs: ${file}:1: not UTF-8 text: invalid byte 0x8b at column 2`));
    });

    test('a text file that is no manifest', () => {
      const file = write('README.txt', 'Istio CRDs go here\n');
      expect(meshWith(file)).toThrow(exactly(`[test/mesh] cannot read Istio CRDs: ${file}:1: document 1 is not a Kubernetes object (a mapping with apiVersion and kind)`));
    });

    test('an empty file', () => {
      const file = write('empty.yaml', '# nothing yet\n');
      expect(meshWith(file)).toThrow(exactly(`[test/mesh] '${file}' holds no CustomResourceDefinition`));
    });
  });

  describe('fromUrl', () => {
    /** A port on localhost that nothing listens on. */
    async function closedPort(): Promise<number> {
      const listener = net.createServer();
      await new Promise<void>(resolve => listener.listen(0, '127.0.0.1', resolve));
      const port = (listener.address() as net.AddressInfo).port;
      await new Promise(resolve => listener.close(resolve));
      return port;
    }

    /** An HTTP server in another process (this one blocks while the mesh downloads), serving one path. */
    async function server(body: string): Promise<{ url: string; child: ChildProcess }> {
      const code = `const http = require('http');
        const s = http.createServer((req, res) => { if (req.url === '/crds.yaml') { res.end(${JSON.stringify(body)}); } else { res.statusCode = 404; res.end(); } });
        s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
      const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
      const port = await new Promise<string>(resolve => child.stdout!.once('data', d => resolve(String(d).trim())));
      return { url: `http://127.0.0.1:${port}`, child };
    }

    const meshFrom = (url: string, timeout?: Duration) => () => new Mesh(new Chart(Testing.app(), 'test'), 'mesh', { crds: IstioCrds.fromUrl(url, { timeout }) });

    test('CRDs are downloaded', async () => {
      const { url, child } = await server(fs.readFileSync(FIXTURE, 'utf-8'));
      try {
        const chart = new Chart(Testing.app(), 'test');
        const mesh = new Mesh(chart, 'mesh', { crds: IstioCrds.fromUrl(`${url}/crds.yaml`) });
        expect(mesh.crdObjects.map(o => o.name)).toEqual(['virtualservices.networking.istio.io', 'peerauthentications.security.istio.io']);
      } finally {
        child.kill();
      }
    });

    test('an HTTP error names the status', async () => {
      const { url, child } = await server('');
      try {
        expect(meshFrom(`${url}/missing.yaml`)).toThrow(exactly(`[test/mesh] cannot download Istio CRDs from '${url}/missing.yaml': HTTP 404 Not Found`));
      } finally {
        child.kill();
      }
    });

    test('a closed port: connection refused', async () => {
      const url = `http://127.0.0.1:${await closedPort()}/crds.yaml`;
      expect(meshFrom(url)).toThrow(exactly(`[test/mesh] cannot download Istio CRDs from '${url}': connection refused`));
    });

    test('a server that never answers: the timeout ends the wait', async () => {
      // GIVEN: a socket that accepts connections (the kernel does, even while this process blocks) and never replies
      const silent = net.createServer(() => undefined);
      await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/crds.yaml`;
      try {
        // WHEN/THEN
        expect(meshFrom(url, Duration.millis(300))).toThrow(exactly(`[test/mesh] cannot download Istio CRDs from '${url}': no response within 300 ms`));
      } finally {
        silent.close();
      }
    });

    test('the timeout is between 1 millisecond and 10 minutes', () => {
      expect(() => IstioCrds.fromUrl('https://example.com/crds.yaml', { timeout: Duration.millis(0) }))
        .toThrow(exactly("'timeout' must be between 1 millisecond and 10 minutes, got 0 ms"));
      expect(() => IstioCrds.fromUrl('https://example.com/crds.yaml', { timeout: Duration.millis(600_001) }))
        .toThrow(exactly("'timeout' must be between 1 millisecond and 10 minutes, got 600001 ms"));
      expect(IstioCrds.fromUrl('https://example.com/crds.yaml', { timeout: Duration.millis(1) }).source).toBe('https://example.com/crds.yaml');
      expect(IstioCrds.fromUrl('https://example.com/crds.yaml', { timeout: Duration.minutes(10) }).source).toBe('https://example.com/crds.yaml');
    });
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

  test('fromUrl options: a Duration timeout', () => {
    expect(() => IstioCrds.fromUrl('https://example.com/crds.yaml', { timeout: 5 } as any))
      .toThrow(exactly("'timeout' must be a Duration (e.g. Duration.seconds(5)), got 5"));
    expect(() => IstioCrds.fromUrl('https://example.com/crds.yaml', 'fast' as any)).toThrow(exactly("'options' must be an object, got 'fast'"));
  });
});
