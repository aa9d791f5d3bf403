/**
 * Differential tests against the Kubernetes API server's own code: every object of every example
 * output (`npm run example` writes dist/) and of every property-based mesh that synthesizes must be
 * accepted, without warnings, as `kubectl apply --validate=strict --dry-run=server` would accept it:
 * built-in kinds through their registry strategies, Istio's and the Gateway API's custom resources
 * through their CRDs' schemas and CEL rules (see apiserver.go and crd.go).
 *
 * The Gateway API CRDs: the library writes for the standard channel of v1.5 or later (README,
 * "Gateway API output"), so every object must pass with the standard CRDs of v1.5.1 (Istio's own
 * Gateway API module) and of GATEWAY_API_VERSION, except for what ALLOWED lists (an object rejected
 * while decoding is validated no further there); the experimental channel of GATEWAY_API_VERSION,
 * a superset with stricter value rules, validates those objects in full.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { ApiServerAdmission, apiServerAdmit, ApiServerOptions, GatewayApiChannel, GATEWAY_API_VERSION } from './oracle';
import { outcomeOf, PROPERTY_RUNS, PROPERTY_SEED } from '../util/mesh-outcome';
import { meshSpec } from '../util/random-mesh';

const DIST = path.join(__dirname, '..', '..', 'dist');
const CHANNELS: GatewayApiChannel[] = ['standard', 'experimental'];
/** The Gateway API CRDs every object must pass. */
const RELEASES: Array<ApiServerOptions & { gatewayApiChannel: GatewayApiChannel; gatewayApiVersion: string }> = [
  { gatewayApiVersion: 'v1.5.1', gatewayApiChannel: 'standard' },
  { gatewayApiVersion: GATEWAY_API_VERSION, gatewayApiChannel: 'standard' },
  { gatewayApiVersion: GATEWAY_API_VERSION, gatewayApiChannel: 'experimental' },
];

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
  const route = (name: string, rule: any) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'bookinfo' },
    spec: { parentRefs: [{ group: '', kind: 'Service', name }], rules: [{ ...rule, backendRefs: [{ name, port: 9080 }] }] },
  });
  const objects = [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews' }, spec: { ports: [{ port: 0 }] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x' }, data: { a: 'b' }, extra: 1 },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }], nodeSelector: { 'beta.kubernetes.io/arch': 'amd64' } } },
    { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'Reviews' }, spec: { hosts: ['reviews'] } },
    { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews' }, spec: { hosts: ['reviews'], http: [{ retries: { attempts: 1, tries: 2 } }] } },
    route('reviews', { matches: [{ path: { type: 'PathPrefix', value: 'api' } }] }),
    route('ratings', { retry: { attempts: 2 } }),
    route('details', { filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: 'a  b' }] } }] }),
    { apiVersion: 'apps/v1beta1', kind: 'Deployment', metadata: { name: 'd' } },
    { apiVersion: 'networking.istio.io/v2', kind: 'VirtualService', metadata: { name: 'v' } },
    { apiVersion: 'example.com/v1', kind: 'Unknown', metadata: { name: 'u' } },
  ];

  test.each(CHANNELS)('with the %s Gateway API CRDs', channel => {
    // GIVEN a Service with port 0, a ConfigMap with an unknown field, a Pod with a deprecated node
    // label, VirtualServices with a capital in the name and an unknown field, HTTPRoutes with a
    // relative path prefix, with retry, with a double space in a header value, versions no longer or
    // not yet served, and an unknown kind
    // WHEN the oracle answers
    const answers = apiServerAdmit(objects, { gatewayApiChannel: channel })
      .map(a => a.error ?? (a.warnings ? `warnings: ${a.warnings.join('; ')}` : a.checked ? 'accepted' : 'unchecked'));
    // THEN it rejects what the API server rejects, with the API server's messages
    expect(answers).toEqual([
      'Service "reviews" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, '
        + 'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]',
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "extra"',
      'warnings: spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
      'VirtualService.networking.istio.io "Reviews" is invalid: metadata.name: Invalid value: "Reviews": a lowercase RFC 1123 subdomain '
        + 'must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character '
        + '(e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
      'VirtualService in version "v1" cannot be handled as a VirtualService: strict decoding error: unknown field "spec.http[0].retries.tries"',
      'HTTPRoute.gateway.networking.k8s.io "reviews" is invalid: spec.rules[0].matches[0].path: Invalid value: '
        + 'value must be an absolute path and start with \'/\' when type one of [\'Exact\', \'PathPrefix\']',
      channel === 'standard'
        ? 'HTTPRoute in version "v1" cannot be handled as a HTTPRoute: strict decoding error: unknown field "spec.rules[0].retry"'
        : 'accepted',
      channel === 'standard'
        ? 'accepted'
        : 'HTTPRoute.gateway.networking.k8s.io "details" is invalid: spec.rules[0].filters[0].requestHeaderModifier.set[0].value: '
          + 'Invalid value: "a  b": spec.rules[0].filters[0].requestHeaderModifier.set[0].value in body should match \'^[!-~]+([\\t ]?[!-~]+)*$\'',
      'no matches for kind "Deployment" in version "apps/v1beta1"',
      'no matches for kind "VirtualService" in version "networking.istio.io/v2"',
      'unchecked',
    ]);
  });

  test("kubectl apply's last-applied-configuration annotation counts toward the 256 KiB of annotations", () => {
    // GIVEN ConfigMaps whose annotation (the key and the object as JSON: 168 bytes besides the data)
    // is exactly 256 KiB, and one byte more
    const configMap = (size: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { a: 'x'.repeat(size) } });
    const configMaps = [configMap(256 * 1024 - 168), configMap(256 * 1024 - 167)];
    // WHEN the oracle answers as client-side apply and as create
    const applied = apiServerAdmit(configMaps).map(a => a.error);
    const created = apiServerAdmit(configMaps, { lastApplied: false }).map(a => a.error);
    // THEN only the annotation of the larger one is too long
    expect(applied).toEqual([undefined, 'ConfigMap "big" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes']);
    expect(created).toEqual([undefined, undefined]);
  });
});

describe.each(RELEASES)('the API server with the $gatewayApiChannel Gateway API $gatewayApiVersion CRDs', release => {
  test('accepts every object of every example output, without warnings', () => {
    // GIVEN every file of every example output (the orders app among them)
    const files = exampleFiles();
    expect(files.some(f => path.relative(DIST, f).startsWith(`orders${path.sep}`))).toBe(true);
    // WHEN the API server answers for each object
    const answers = apiServerAdmit({ files }, release);
    // THEN it knows every kind and accepts every object
    expect(answers.filter(a => !a.checked).map(a => `${a.file}: ${a.apiVersion} ${a.kind}`)).toEqual([]);
    const rejected = answers.filter(a => !accepted(a, release.gatewayApiChannel)).flatMap(a => report(path.relative(DIST, a.file), a));
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

  test.each(RELEASES)('with the $gatewayApiChannel Gateway API $gatewayApiVersion CRDs, the API server accepts every object of every mesh, without warnings', release => {
    // GIVEN every mesh that synthesizes, one file each
    // WHEN the API server answers for each object
    const answers = apiServerAdmit({ files: [...files.keys()] }, release);
    // THEN it knows every kind and accepts every object
    expect(answers.filter(a => !a.checked).map(a => `mesh #${files.get(a.file)}: ${a.apiVersion} ${a.kind}`)).toEqual([]);
    const rejected = answers.filter(a => !accepted(a, release.gatewayApiChannel)).flatMap(a => report(`mesh #${files.get(a.file)}`, a));
    expect(rejected).toEqual([]);
  });
});
