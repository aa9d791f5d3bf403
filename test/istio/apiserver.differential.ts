/**
 * Differential tests against the Kubernetes API server's own code: every object of every example
 * output (`npm run example` writes dist/) and of every property-based mesh that synthesizes must be
 * accepted, without warnings, as `kubectl apply --validate=strict --dry-run=server` would accept it:
 * built-in kinds through their registry strategies, Istio's and the Gateway API's custom resources
 * through their CRDs' schemas and CEL rules (see apiserver.go and crd.go).
 *
 * The Gateway API CRDs are those of GATEWAY_API_VERSION, in both channels. The library writes for
 * the standard channel, so every object must pass there, except for what ALLOWED lists (and an
 * object rejected while decoding is validated no further there); the experimental channel, a
 * superset with stricter value rules, validates those objects in full.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { ApiServerAdmission, apiServerAdmit, GatewayApiChannel, GATEWAY_API_VERSION } from './oracle';
import { outcomeOf, PROPERTY_RUNS, PROPERTY_SEED } from '../util/mesh-outcome';
import { meshSpec } from '../util/random-mesh';

const DIST = path.join(__dirname, '..', '..', 'dist');
const CHANNELS: GatewayApiChannel[] = ['standard', 'experimental'];

/** Rejections that are deliberate, documented choices of the library. */
const ALLOWED: Array<{ channel: GatewayApiChannel; kind: string; cause: RegExp; reason: string }> = [
  {
    // README "Gateway API output": a route's `retries` become HTTPRoute `retry`, standard from
    // Gateway API v1.7 and only in the experimental channel before; standard CRDs reject it
    channel: 'standard',
    kind: 'HTTPRoute',
    cause: /^unknown field "spec\.rules\[\d+\]\.retry"$/,
    reason: 'HTTPRoute retry is experimental before Gateway API v1.7',
  },
];

/** Whether the API server's answer is acceptable: no warning, and no error other than an allowed one. */
function accepted(a: ApiServerAdmission, channel: GatewayApiChannel): boolean {
  if (a.warnings?.length) return false;
  if (!a.error) return true;
  const allowed = ALLOWED.filter(e => e.channel === channel && e.kind === a.kind);
  return a.error.includes('strict decoding error') && (a.causes ?? []).length > 0
    && a.causes!.every(c => allowed.some(e => e.cause.test(c)));
}

/** A rejection or warning as the report lists it. */
function report(where: string, a: ApiServerAdmission): string[] {
  const object = `${where}: ${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${a.name}`;
  return [...(a.error ? [`${object}: ${a.error}`] : []), ...(a.warnings ?? []).map(w => `${object}: warning: ${w}`)];
}

/** Every YAML file that `npm run example` wrote, by `dir/file`. */
function exampleFiles(): string[] {
  const dirs = readdirSync(DIST).filter(d => statSync(path.join(DIST, d)).isDirectory()).sort();
  const files = dirs.flatMap(dir => readdirSync(path.join(DIST, dir)).filter(f => f.endsWith('.yaml')).sort()
    .map(f => path.join(DIST, dir, f)));
  if (files.length === 0) throw new Error(`no example output in ${DIST}: run 'npm run example' first`);
  return files;
}

describe('the oracle answers as the API server does', () => {
  const objects = [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews' }, spec: { ports: [{ port: 0 }] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x', labels: { app: 'a' } }, data: { a: 'b' }, extra: 1 },
    { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews' }, spec: { hosts: ['reviews'], http: [{ retries: { attempts: 1, tries: 2 } }] } },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: 'api' } }], backendRefs: [{ name: 'reviews', port: 9080 }] }],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'ratings', namespace: 'bookinfo' },
      spec: { parentRefs: [{ group: '', kind: 'Service', name: 'ratings' }], rules: [{ retry: { attempts: 2 }, backendRefs: [{ name: 'ratings', port: 9080 }] }] },
    },
  ];

  test.each(CHANNELS)('with the %s Gateway API CRDs', channel => {
    // GIVEN a Service with port 0, a ConfigMap with an unknown field, a VirtualService with an unknown
    // field, an HTTPRoute whose path prefix is not absolute, and an HTTPRoute with retry
    // WHEN the oracle answers
    const answers = apiServerAdmit(objects, { gatewayApiChannel: channel }).map(a => a.error ?? 'accepted');
    // THEN it rejects what the API server rejects, with the API server's messages
    expect(answers).toEqual([
      'Service "reviews" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]',
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "extra"',
      'VirtualService in version "v1" cannot be handled as a VirtualService: strict decoding error: unknown field "spec.http[0].retries.tries"',
      'HTTPRoute.gateway.networking.k8s.io "reviews" is invalid: spec.rules[0].matches[0].path: Invalid value: value must be an absolute path and start with \'/\' when type one of [\'Exact\', \'PathPrefix\']',
      channel === 'standard'
        ? 'HTTPRoute in version "v1" cannot be handled as a HTTPRoute: strict decoding error: unknown field "spec.rules[0].retry"'
        : 'accepted',
    ]);
  });
});

describe.each(CHANNELS)(`the API server with the %s Gateway API ${GATEWAY_API_VERSION} CRDs`, channel => {
  test('accepts every object of every example output, without warnings', () => {
    // GIVEN every file of every example output
    const files = exampleFiles();
    // WHEN the API server answers for each object
    const answers = apiServerAdmit({ files }, { gatewayApiChannel: channel });
    // THEN it knows every kind and accepts every object
    expect(answers.filter(a => !a.checked).map(a => `${a.file}: ${a.apiVersion} ${a.kind}`)).toEqual([]);
    const rejected = answers.filter(a => !accepted(a, channel)).flatMap(a => report(path.relative(DIST, a.file), a));
    expect(rejected).toEqual([]);
  });
});

describe(`random meshes (seed ${PROPERTY_SEED}) through the API server`, () => {
  let dir: string;
  const files = new Map<string, number>();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'apiserver-meshes-'));
    const specs = fc.sample(meshSpec, { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS });
    for (const [index, spec] of specs.entries()) {
      const outcome = await outcomeOf(spec);
      if (outcome.kind !== 'output') continue;
      const file = path.join(dir, `mesh-${index}.yaml`);
      writeFileSync(file, Yaml.stringify(...outcome.objects));
      files.set(file, index);
    }
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a fair share of the meshes synthesize', () => {
    expect(files.size).toBeGreaterThanOrEqual(PROPERTY_RUNS / 5);
  });

  test.each(CHANNELS)('with the %s Gateway API CRDs, the API server accepts every object of every mesh, without warnings', channel => {
    // GIVEN every mesh that synthesizes, one file each
    // WHEN the API server answers for each object
    const answers = apiServerAdmit({ files: [...files.keys()] }, { gatewayApiChannel: channel });
    // THEN it knows every kind and accepts every object
    expect(answers.filter(a => !a.checked).map(a => `mesh #${files.get(a.file)}: ${a.apiVersion} ${a.kind}`)).toEqual([]);
    const rejected = answers.filter(a => !accepted(a, channel)).flatMap(a => report(`mesh #${files.get(a.file)}`, a));
    expect(rejected).toEqual([]);
  });
});
