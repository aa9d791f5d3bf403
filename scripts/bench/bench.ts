/**
 * `npm run bench`: synthesizes meshes of 10, 100, 1000 and 3000 services (each with 2 versions, a
 * canary split, a circuit breaker and a gateway route; validation and analysis on) and, as the
 * baseline, byte-identical manifests built with raw cdk8s ApiObjects in one Chart followed by
 * app.synth(). Every figure is the median of several runs, each in a fresh process.
 *
 * Prints one JSON line per size, then a table:
 *   {"services":N,"objects":M,"ms":…,"rssMb":…,"baselineMs":…,"baselineRssMb":…}
 *
 * BENCH_SIZES=10,100 and BENCH_RUNS=3 override the defaults.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Sample { ms: number; rssMb: number; objects: number }

const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000,3000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RUN_ONE = path.join(__dirname, 'run-one.ts');
const TS_NODE = require.resolve('ts-node/register/transpile-only');

function run(mode: string, n: number, outdir: string): Sample {
  const out = execFileSync(process.execPath, ['-r', TS_NODE, RUN_ONE, mode, String(n), outdir], {
    encoding: 'utf-8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.json'), CDK8S_CHECK_UPGRADE: 'false' },
    maxBuffer: 64 * 1024 * 1024,
    // analysis warnings go to stderr: not part of the figures
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

function sameBytes(a: string, b: string): boolean {
  const files = (d: string) => fs.readdirSync(d).filter(f => f.endsWith('.yaml')).sort();
  const fa = files(a);
  return JSON.stringify(fa) === JSON.stringify(files(b))
    && fa.every(f => fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))));
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-bench-'));
  const rows: Array<{ services: number; objects: number; ms: number; rssMb: number; baselineMs: number; baselineRssMb: number }> = [];
  for (const n of SIZES) {
    const outdir = path.join(work, `n${n}`);
    const mesh: Sample[] = [];
    const baseline: Sample[] = [];
    for (let r = 0; r < RUNS; r++) {
      mesh.push(run('mesh', n, `${outdir}.mesh`));
      baseline.push(run('baseline', n, outdir));
      if (!sameBytes(`${outdir}.mesh`, outdir)) {
        throw new Error(`the baseline's manifests differ from the mesh's at ${n} services (${outdir} vs ${outdir}.mesh)`);
      }
    }
    const row = {
      services: n,
      objects: mesh[0].objects,
      ms: median(mesh.map(s => s.ms)),
      rssMb: median(mesh.map(s => s.rssMb)),
      baselineMs: median(baseline.map(s => s.ms)),
      baselineRssMb: median(baseline.map(s => s.rssMb)),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  fs.rmSync(work, { recursive: true, force: true });

  const header = ['services', 'objects', 'ms', 'baseline ms', 'time ratio', 'RSS MB', 'baseline RSS MB', 'RSS ratio'];
  const lines = rows.map(r => [
    r.services, r.objects, r.ms, r.baselineMs, (r.ms / r.baselineMs).toFixed(2),
    r.rssMb, r.baselineRssMb, (r.rssMb / r.baselineRssMb).toFixed(2),
  ].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map(l => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log('');
  console.log(fmt(header));
  lines.forEach(l => console.log(fmt(l)));
  for (let i = 1; i < rows.length; i++) {
    const growth = rows[i].ms / rows[i - 1].ms;
    const scale = rows[i].services / rows[i - 1].services;
    console.log(`${rows[i - 1].services} → ${rows[i].services} services (×${scale}): time ×${growth.toFixed(2)}`);
  }
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
}

main();
