/**
 * One benchmark measurement, in a fresh process (see scripts/bench/bench.ts):
 *
 *   run-one.ts mesh N OUTDIR       a mesh of N services with cdk8s-mesh constructs, synthesized
 *   run-one.ts baseline N OUTDIR   the same manifests (read from OUTDIR.mesh, untimed) rebuilt as
 *                                  raw cdk8s ApiObjects in one Chart, then app.synth()
 *
 * Prints one JSON line: {"ms":…,"rssMb":…,"objects":…}. `ms` covers construction and synthesis
 * (including validation and analysis); `rssMb` is the process's peak resident set size.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, YamlOutputType } from 'cdk8s';
import * as YAML from 'yaml';
import { Canary, CircuitBreaker, Gateway, GatewayServer, Mesh, MeshApp } from '../../src';

function buildMesh(n: number, outdir: string): App {
  const app = new MeshApp({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(app, 'mesh');
  const mesh = new Mesh(chart, 'mesh');
  const gateway = new Gateway(chart, 'ingress', {
    mesh,
    namespace: 'default',
    servers: [GatewayServer.http({ port: 80, hosts: ['*.example.com'] })],
  });
  for (let i = 0; i < n; i++) {
    const service = mesh.addService(`svc-${i}`, {
      ports: [{ port: 8080 }],
      versions: [{ name: 'v1', image: `example/svc-${i}:1` }, { name: 'v2', image: `example/svc-${i}:2` }],
    });
    const canary = new Canary(chart, `svc-${i}-canary`, { service, stableVersion: 'v1', canaryVersion: 'v2', weight: 10 });
    new CircuitBreaker(chart, `svc-${i}-breaker`, {
      host: service,
      connectionPool: { http: { http1MaxPendingRequests: 100 } },
      outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30) },
    });
    // ingress traffic split like mesh traffic (a gateway route bypasses the service's VirtualService)
    gateway.addRoute({ hosts: [`svc-${i}.example.com`], destinations: canary.destinations(8080) });
  }
  return app;
}

function buildBaseline(meshOutdir: string, outdir: string): { app: App; objects: number } {
  const docs = fs.readdirSync(meshOutdir).filter(f => f.endsWith('.yaml')).sort()
    .flatMap(f => YAML.parseAllDocuments(fs.readFileSync(path.join(meshOutdir, f), 'utf-8')).map(d => d.toJSON()))
    .filter(d => d !== null);
  const start = process.hrtime.bigint();
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(app, 'mesh');
  docs.forEach((doc, i) => new ApiObject(chart, `o${i}`, doc));
  (globalThis as any).__benchStart = start;
  return { app, objects: docs.length };
}

function main(): void {
  const [mode, nText, outdir] = process.argv.slice(2);
  const n = Number(nText);
  fs.rmSync(outdir, { recursive: true, force: true });
  let start = process.hrtime.bigint();
  let objects: number;
  let app: App;
  if (mode === 'mesh') {
    app = buildMesh(n, outdir);
  } else if (mode === 'baseline') {
    const built = buildBaseline(`${outdir}.mesh`, outdir);
    app = built.app;
    objects = built.objects;
    start = (globalThis as any).__benchStart;
  } else {
    throw new Error(`usage: run-one.ts mesh|baseline N OUTDIR, got mode '${mode}'`);
  }
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  objects ??= fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).map(f => fs.readFileSync(path.join(outdir, f), 'utf-8').split(/^---$/m).length).reduce((a, b) => a + b, 0);
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ ms: Math.round(ms), rssMb, objects })}\n`);
}

main();
