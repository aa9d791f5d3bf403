import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { Canary, ControlPlane, Gateway, GatewayServer, GatewayTls, Mesh, MeshApp, MeshService } from '../src';
import { exactly } from './util/validate';

function tempOutdir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-app-')), 'out');
}

describe('MeshApp', () => {
  test('synth writes one file per chart into outdir, records it, and removes the files of an earlier synth it no longer writes', () => {
    // GIVEN: an earlier synth wrote two charts
    const outdir = tempOutdir();
    const earlier = new MeshApp({ outdir });
    new Mesh(new Chart(earlier, 'mesh'), 'mesh');
    new Chart(earlier, 'gone');
    earlier.synth();
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-mesh-outputs', 'gone.k8s.yaml', 'mesh.k8s.yaml']);
    const app = new MeshApp({ outdir });
    new Mesh(new Chart(app, 'mesh'), 'mesh');
    // WHEN
    app.synth();
    // THEN
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-mesh-outputs', 'mesh.k8s.yaml']);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['out']);
    expect(app.outdir).toBe(outdir);
  });

  test('files the app did not write stay: a README, a kustomization.yaml, .git, a stale-looking manifest', () => {
    // GIVEN
    const outdir = tempOutdir();
    fs.mkdirSync(path.join(outdir, '.git'), { recursive: true });
    fs.writeFileSync(path.join(outdir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(outdir, 'README.md'), '# manifests\n');
    fs.writeFileSync(path.join(outdir, 'kustomization.yaml'), 'resources: [mesh.k8s.yaml]\n');
    fs.writeFileSync(path.join(outdir, 'hand-written.k8s.yaml'), 'kind: Mine\n');
    const app = new MeshApp({ outdir });
    new Mesh(new Chart(app, 'mesh'), 'mesh');
    // WHEN
    app.synth();
    app.synth();
    // THEN
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-mesh-outputs', '.git', 'README.md', 'hand-written.k8s.yaml', 'kustomization.yaml', 'mesh.k8s.yaml']);
    expect(fs.readFileSync(path.join(outdir, '.git', 'HEAD'), 'utf-8')).toBe('ref: refs/heads/main\n');
    expect(fs.readFileSync(path.join(outdir, 'hand-written.k8s.yaml'), 'utf-8')).toBe('kind: Mine\n');
  });

  test("outdir '.' fails before anything is synthesized and leaves the project as it was", () => {
    // GIVEN
    const before = fs.readdirSync('.').sort();
    const app = new MeshApp({ outdir: '.' });
    new Mesh(new Chart(app, 'mesh'), 'mesh');
    // WHEN / THEN
    expect(() => app.synth()).toThrow(exactly('\'outdir\' \'.\' is the current directory (the manifests would be mixed into the project): name a directory of its own for them (e.g. \'dist\')'));
    expect(fs.readdirSync('.').sort()).toEqual(before);
  });

  test('a failing synth leaves the previous output untouched and nothing half-written', () => {
    // GIVEN
    const outdir = tempOutdir();
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'previous.k8s.yaml'), 'kind: Previous\n');
    const app = new MeshApp({ outdir });
    const chart = new Chart(app, 'good');
    const mesh = new Mesh(chart, 'mesh');
    mesh.addService('broken', { ports: [{ port: 80 }] });
    // WHEN
    expect(() => app.synth()).toThrow("service 'broken' declares no version");
    // THEN
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['out']);
    expect(fs.readdirSync(outdir)).toEqual(['previous.k8s.yaml']);
    expect(fs.readFileSync(path.join(outdir, 'previous.k8s.yaml'), 'utf-8')).toBe('kind: Previous\n');
  });

  test('a failing first synth creates no output directory', () => {
    const outdir = tempOutdir();
    const app = new MeshApp({ outdir });
    new Mesh(new Chart(app, 'c'), 'mesh').addService('broken', { ports: [{ port: 80 }] });
    expect(() => app.synth()).toThrow('Validation failed');
    expect(fs.existsSync(outdir)).toBe(false);
  });
});

describe('MeshApp analysis', () => {
  function appWithBrokenRoute(props: { analysis?: boolean } = {}) {
    const outdir = tempOutdir();
    const app = new MeshApp({ outdir, ...props });
    const chart = new Chart(app, 'shop');
    new Mesh(chart, 'mesh');
    // a raw object, not made by cdk8s-mesh: a VirtualService routing to a host that does not exist
    new ApiObject(chart, 'raw-vs', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'ghost', namespace: 'default' },
      spec: { hosts: ['ghost'], http: [{ route: [{ destination: { host: 'ghost' } }] }] },
    });
    return { app, outdir };
  }

  test('an analysis error fails synthesis with the construct path, and writes nothing', () => {
    // GIVEN
    const { app, outdir } = appWithBrokenRoute();
    // WHEN / THEN
    expect(() => app.synth()).toThrow(/^Analysis failed with the following errors:\n  \[shop\/raw-vs\] IST0101 VirtualService default\/ghost: /);
    expect(fs.existsSync(outdir)).toBe(false);
    expect(app.findings.find(f => f.code === 'IST0101')?.constructPath).toBe('shop/raw-vs');
  });

  test('the results of the last synth are read-only: findings, scopeReport and meshGraph have no setter (none in Java, Go or Python either)', () => {
    // GIVEN: a synth that found an error
    const { app } = appWithBrokenRoute();
    expect(() => app.synth()).toThrow();
    // WHEN / THEN: each result is a getter without a setter, so jsii makes it immutable in every binding
    for (const prop of ['findings', 'scopeReport', 'meshGraph']) {
      const descriptor = Object.getOwnPropertyDescriptor(MeshApp.prototype, prop);
      expect({ prop, getter: typeof descriptor?.get, setter: descriptor?.set }).toEqual({ prop, getter: 'function', setter: undefined });
    }
    // @ts-expect-error findings is read-only
    expect(() => { app.findings = []; }).toThrow(TypeError);
    expect(app.findings.map(f => f.code)).toContain('IST0101');
  });

  test('analysis can be turned off', () => {
    const { app, outdir } = appWithBrokenRoute({ analysis: false });
    app.synth();
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-mesh-outputs', 'shop.k8s.yaml']);
  });

  test('warnings are printed with the construct path and do not fail synthesis', () => {
    // GIVEN
    const outdir = tempOutdir();
    const app = new MeshApp({ outdir });
    const mesh = new Mesh(new Chart(app, 'shop'), 'mesh');
    mesh.addService('ratings', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'r:1' }, { name: 'v2', deploy: false }] });
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => {
      written.push(String(s));
      return true;
    });
    // WHEN
    try {
      app.synth();
    } finally {
      spy.mockRestore();
    }
    // THEN
    expect(written.join('')).toContain("Warning [shop/mesh/ratings/DestinationRule] MESH008 DestinationRule default/ratings: subset 'v2'");
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-mesh-outputs', 'shop.k8s.yaml']);
  });

  test('validation problems are reported before analysis runs', () => {
    const outdir = tempOutdir();
    const app = new MeshApp({ outdir });
    new Mesh(new Chart(app, 'c'), 'mesh').addService('broken', { ports: [{ port: 80 }] });
    expect(() => app.analyze()).toThrow("Validation failed with the following errors:\n  [c/mesh/broken] service 'broken' declares no version");
  });
});

describe('MeshApp one-pass synthesis', () => {
  function buildShop(app: App): void {
    const base = new Chart(app, 'base');
    const mesh = new Mesh(base, 'mesh');
    for (let i = 0; i < 3; i++) {
      const chart = new Chart(app, `team-${i}`);
      chart.addDependency(base);
      const service = new MeshService(chart, 'svc', { mesh, name: `svc-${i}`, ports: [{ port: 80 }], versions: [{ name: 'v1', image: `s:${i}` }, { name: 'v2', image: `s:${i}b` }] });
      new Canary(chart, 'canary', { service, stableVersion: 'v1', canaryVersion: 'v2', weight: 20 });
    }
  }

  /** The manifests in `dir` (without MeshApp's record of them), with their contents. */
  function files(dir: string): string[] {
    return fs.readdirSync(dir).filter(f => f !== '.cdk8s-mesh-outputs').sort().map(f => `${f}\n${fs.readFileSync(path.join(dir, f), 'utf-8')}`);
  }

  test.each([YamlOutputType.FILE_PER_CHART, YamlOutputType.FILE_PER_APP])('writes exactly what cdk8s App.synth writes (%s)', (yamlOutputType) => {
    // GIVEN
    const ours = new MeshApp({ outdir: tempOutdir(), yamlOutputType });
    buildShop(ours);
    const theirs = new App({ outdir: tempOutdir(), yamlOutputType });
    buildShop(theirs);
    // WHEN
    ours.synth();
    theirs.synth();
    // THEN
    expect(files(ours.outdir)).toEqual(files(theirs.outdir));
    expect(files(ours.outdir).length).toBeGreaterThan(0);
  });

  test('other layouts are written by cdk8s, still atomically and analyzed', () => {
    const app = new MeshApp({ outdir: tempOutdir(), yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
    buildShop(app);
    app.synth();
    expect(fs.readdirSync(app.outdir)).toContain('VirtualService.svc-0.k8s.yaml');
    expect(app.findings.every(f => f.level !== 'Error')).toBe(true);
  });

  test('the app is validated once per synthesis, however many charts it has (cdk8s: once more per chart)', () => {
    // GIVEN: 20 charts, each with a construct that counts its validations
    const count = (app: App) => {
      let validations = 0;
      for (let i = 0; i < 20; i++) {
        const chart = new Chart(app, `chart-${i}`);
        new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` } });
        chart.node.addValidation({ validate: () => (validations++, []) });
      }
      app.synth();
      return validations;
    };
    // WHEN / THEN
    expect(count(new MeshApp({ outdir: tempOutdir(), analysis: false }))).toBe(20);
    expect(count(new App({ outdir: tempOutdir() }))).toBe(20 * 21);
  });

  test("one chart is written without cdk8s's whole-app dependency graph (App.charts); several charts are ordered by it", () => {
    // GIVEN
    const spy = jest.spyOn(App.prototype, 'charts', 'get');
    try {
      const one = new MeshApp({ outdir: tempOutdir() });
      new Mesh(new Chart(one, 'only'), 'mesh');
      // WHEN
      one.synth();
      // THEN
      expect(spy).not.toHaveBeenCalled();
      const several = new MeshApp({ outdir: tempOutdir() });
      buildShop(several);
      several.synth();
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test('cdk8s-mesh constructs never create charts', () => {
    // GIVEN
    const app = new MeshApp({ outdir: tempOutdir() });
    const chart = new Chart(app, 'one');
    const mesh = new Mesh(chart, 'mesh');
    for (let i = 0; i < 50; i++) {
      const service = mesh.addService(`svc-${i}`, { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'a' }, { name: 'v2', image: 'b' }] });
      new Canary(chart, `canary-${i}`, { service, stableVersion: 'v1', canaryVersion: 'v2', weight: 5 });
    }
    new ControlPlane(chart, 'istiod', { mesh, injectionTemplates: undefined });
    // THEN
    expect(app.charts).toEqual([chart]);
  });
});

describe('MeshApp analysis of what the cluster holds', () => {
  test("a gateway's TLS Secret is expected in the cluster: its doc example synthesizes without IST0101", () => {
    // GIVEN the Gateway's doc example: an HTTPS server whose Secret is made by cert-manager, not the app
    const app = new MeshApp({ outdir: tempOutdir() });
    const chart = new Chart(app, 'shop');
    const mesh = new Mesh(chart, 'mesh');
    const frontend = mesh.addService('frontend', { ports: [{ port: 8080 }], versions: [{ name: 'v1', image: 'example/frontend:1' }] });
    const gateway = new Gateway(chart, 'ingress', {
      mesh,
      servers: [GatewayServer.https({ port: 8443, hosts: ['shop.example.com'], tls: GatewayTls.simple({ credentialName: 'shop-cert' }) })],
    });
    gateway.addRoute({ hosts: ['shop.example.com'], destinations: [{ host: frontend }] });
    // WHEN
    app.synth();
    // THEN
    expect(app.findings.map(f => `${f.code} ${f.resource}`)).toEqual([]);
  });

  test('a credential that no Gateway construct declares still fails: the raw Gateway names a Secret nobody expects', () => {
    // GIVEN a raw Istio Gateway (not the construct) on the default ingress gateway
    const app = new MeshApp({ outdir: tempOutdir() });
    const chart = new Chart(app, 'shop');
    new Mesh(chart, 'mesh');
    new ApiObject(chart, 'raw-gateway', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'raw', namespace: 'default' },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'nobody' } }] },
    });
    // WHEN / THEN
    expect(() => app.synth()).toThrow('[shop/raw-gateway] IST0101 Gateway default/raw: Referenced credentialName not found: "nobody"');
  });
});
