/**
 * Differential tests: the Kubernetes rules this library checks at synthesis, against Kubernetes'
 * own code (the kubelet's image reference parser, resource.ParseQuantity, apimachinery's
 * annotation, label key, environment variable and DNS label validation), over generated corpora
 * of edge cases. Every value must get the same verdict.
 */
import * as kplus from 'cdk8s-plus-27';
import { k8sVerdicts, K8sCheck } from './oracle';
import { hubProblem, imageProblem, tagProblem } from '../../src/private/image';
import { OWN_UNITS, resolveResources } from '../../src/private/resources';
import { annotationProblems, ANNOTATIONS_MAX_BYTES, dnsLabelProblem, envNameProblem } from '../../src/private/validation';

const HEX64 = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);

/** Registries, paths, tags and digests, each with the edges of its grammar; every combination is one reference. */
function imageCorpus(): string[] {
  const registries = ['', 'docker.io/', 'Docker.io/', 'index.docker.io/', 'localhost/', 'localhost:5000/', 'registry.example.com:5000/',
    '[::1]:5000/', 'my_registry/', 'a-b.c/', '-a.com/', 'a.com:/', 'REGISTRY.EXAMPLE.COM/', '192.168.0.1:80/'];
  const paths = ['nginx', 'Nginx', 'library/nginx', 'a/b/c', 'a__b', 'a___b', 'a--b', 'a.b', 'a..b', 'a._b', '-a', 'a-', 'a_', '_a', '',
    'a//b', 'team/App', 'x'.repeat(255), 'x'.repeat(256), 'a b', HEX64];
  const tags = ['', ':1.2', ':latest', ':', ':-x', ':.x', ':_x', `:${'a'.repeat(128)}`, `:${'a'.repeat(129)}`, ':a:b', ':a/b', ': x'];
  const digests = ['', `@sha256:${HEX64}`, `@sha256:${HEX64.slice(1)}`, `@sha256:${HEX64.toUpperCase()}`, `@sha512:${HEX64}${HEX64}`,
    `@sha384:${HEX64}${HEX64.slice(0, 32)}`, `@md5:${HEX64.slice(0, 32)}`, '@sha256:', `@sha256:${HEX64}x`, `@SHA256:${HEX64}`];
  const out: string[] = [];
  for (const r of registries) for (const p of paths) for (const t of tags) for (const d of digests) out.push(r + p + t + d);
  return [...out, ' nginx', 'nginx ', 'ngi\tnx', 'nginx\n'];
}

describe('Kubernetes rules agree with Kubernetes', () => {
  test('image references: the kubelet accepts exactly the references the library accepts', () => {
    // GIVEN
    const images = imageCorpus();
    // WHEN
    const verdicts = k8sVerdicts(images.map(value => ({ check: 'image', value })));
    // THEN
    const disagreements = images.filter((image, i) => (imageProblem('image', image) === undefined) !== (verdicts[i].errors === undefined));
    expect({ checked: images.length, disagreements }).toEqual({ checked: images.length, disagreements: [] });
    // the corpus has both verdicts in numbers
    expect(verdicts.filter(v => v.errors === undefined).length).toBeGreaterThan(1000);
    expect(verdicts.filter(v => v.errors !== undefined).length).toBeGreaterThan(1000);
  });

  test('hubs: a hub is accepted exactly when the kubelet accepts <hub>/pilot', () => {
    // GIVEN
    const hubs = ['docker.io/istio', 'istio', 'localhost:5000', 'gcr.io/istio-release', 'Docker.io/Istio', 'docker.io/istio:1.2',
      `docker.io/istio@sha256:${HEX64}`, 'a..b/c', 'registry.example.com:5000/mirror/istio', '[::1]:5000/istio'];
    // WHEN
    const verdicts = k8sVerdicts(hubs.map(h => ({ check: 'image', value: `${h}/pilot` })));
    // THEN
    expect(hubs.filter((h, i) => (hubProblem('hub', h) === undefined) !== (verdicts[i].errors === undefined))).toEqual([]);
  });

  test('tags: the reference grammar accepts exactly the tags the library accepts', () => {
    const tags = ['', 'a', '1.30.3', '1.30.3-distroless', '_x', '.x', '-x', 'a'.repeat(128), 'a'.repeat(129), 'a b', 'a/b', 'a:b', 'ü'];
    const verdicts = k8sVerdicts(tags.map(value => ({ check: 'tag', value })));
    expect(tags.filter((t, i) => (tagProblem('tag', t) === undefined) !== (verdicts[i].errors === undefined))).toEqual([]);
  });

  test('CPU quantities: what Cpu.millis() and Cpu.units() write is accepted exactly when Kubernetes parses it as a non-negative quantity', () => {
    // GIVEN
    const numbers = [0, -0, 1, 0.5, 1 / 3, 0.0001, 1e-7, 1e-10, 123.456, 2 ** 53, 1e20, 1e21, 1e300, -1, -0.5, -1e-7, NaN, Infinity, -Infinity];
    const amounts = numbers.flatMap(n => [kplus.Cpu.millis(n).amount, kplus.Cpu.units(n).amount]);
    // WHEN
    const verdicts = k8sVerdicts(amounts.map(value => ({ check: 'quantity', value })));
    // THEN
    const ours = amounts.map(a => resolveResources('resources', { cpu: { request: { amount: a } } }, OWN_UNITS, false).problems.length === 0);
    const theirs = verdicts.map(v => v.errors === undefined && (v.sign ?? 0) >= 0);
    expect(amounts.filter((_, i) => ours[i] !== theirs[i])).toEqual([]);
    expect(theirs.filter(ok => ok).length).toBeGreaterThan(10);
    expect(theirs.filter(ok => !ok).length).toBeGreaterThan(10);
  });

  test('annotations: keys and total size are accepted exactly as the API server accepts them', () => {
    // GIVEN
    const keys = ['a', 'A', 'a.b', 'a_b', 'a-b', '-a', 'a-', '.a', 'a b', 'x'.repeat(63), 'x'.repeat(64), 'Example.COM/Key', 'example.com/',
      '/a', 'a/b/c', 'exa_mple.com/a', `${'a'.repeat(253)}/b`, `${'a'.repeat(254)}/b`, 'prometheus.io/scrape', 'sidecar.istio.io/proxyCPU', 'ä'];
    const maps: Array<{ [key: string]: string }> = [
      ...keys.map(k => ({ [k]: 'v' })),
      { big: 'x'.repeat(ANNOTATIONS_MAX_BYTES - 3) },
      { big: 'x'.repeat(ANNOTATIONS_MAX_BYTES - 2) },
      { big: 'é'.repeat((ANNOTATIONS_MAX_BYTES - 3) / 2 - 0.5) },
      { big: 'é'.repeat((ANNOTATIONS_MAX_BYTES - 3) / 2 + 0.5) },
    ];
    // WHEN
    const verdicts = k8sVerdicts(maps.map(value => ({ check: 'annotations', value })));
    // THEN
    const disagreements = maps.filter((m, i) => (annotationProblems('annotations', m).length === 0) !== (verdicts[i].errors === undefined))
      .map(m => Object.keys(m)[0].slice(0, 80));
    expect(disagreements).toEqual([]);
  });

  test('environment variable names and container names are accepted exactly as the API server accepts them', () => {
    // GIVEN
    const envNames = ['A', 'a', '1A', '_A', '-A', '.A', '..A', '.', '..', 'a..b', 'A=B', 'A B', 'ä', '', 'MY_ENV.NAME', 'my.env-name', 'a1'];
    const containerNames = ['a', 'reviews', 'Reviews', '1a', 'a-', '-a', 'a_b', 'a.b', 'x'.repeat(63), 'x'.repeat(64), '', 'istio-proxy'];
    const checks: K8sCheck[] = [
      ...envNames.map(value => ({ check: 'envName' as const, value })),
      ...containerNames.map(value => ({ check: 'dns1123Label' as const, value })),
    ];
    // WHEN
    const verdicts = k8sVerdicts(checks);
    // THEN
    const ours = [
      ...envNames.map(n => envNameProblem('env', n) === undefined),
      ...containerNames.map(n => dnsLabelProblem('containerName', n) === undefined),
    ];
    expect(checks.filter((_, i) => ours[i] !== (verdicts[i].errors === undefined)).map(c => c.value)).toEqual([]);
  });
});
