import { hubProblem, imageProblem, tagProblem } from '../../src/private/image';

const HEX64 = '0123456789abcdef'.repeat(4);
const GRAMMAR = "'image' must be an image reference the kubelet can pull ([registry[:port]/]path[:tag][@digest])";

describe('image references', () => {
  test.each([
    'nginx',
    'nginx:1.27',
    'library/nginx',
    'docker.io/istio/proxyv2:1.30.3',
    'registry.example.com:5000/team/app:1.2',
    'localhost/app',
    '[::1]:5000/app:v1',
    'REGISTRY.EXAMPLE.COM/app',
    'a__b/c--d/e.f_g',
    `app@sha256:${HEX64}`,
    `app:1.2@sha256:${HEX64}`,
    `app@sha512:${HEX64}${HEX64}`,
    `app:${'a'.repeat(128)}`,
    `a/${'x'.repeat(253)}`,
    'x'.repeat(247),
  ])('%p is accepted', image => {
    expect(imageProblem('image', image)).toBeUndefined();
  });

  test.each([
    ['', 'it is empty'],
    [' nginx', 'it contains whitespace'],
    ['nginx:1.2 ', 'it contains whitespace'],
    ['Docker.io/Istio', "the repository 'Istio' must be lowercase"],
    ['example/Reviews:1', "the repository 'example/Reviews' must be lowercase"],
    ['nginx:', "the tag must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"],
    ['nginx:-x', "the tag must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"],
    [`nginx:${'a'.repeat(129)}`, "the tag must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"],
    ['docker.io/istio:1.2/proxyv2', "a ':tag' may only follow the last path component"],
    [`app@sha256:${HEX64.slice(1)}`, 'a sha256 digest must be 64 lowercase hexadecimal digits'],
    [`app@sha256:${HEX64.toUpperCase()}`, 'a sha256 digest must be 64 lowercase hexadecimal digits'],
    [`app@md5:${HEX64.slice(0, 32)}`, "the digest algorithm 'md5' is not supported (sha256, sha384 or sha512)"],
    ['app@sha256:', "the digest must be '<algorithm>:<hex digits>', e.g. sha256: and 64 hexadecimal digits"],
    [HEX64, 'a 64-digit hexadecimal string is an image ID, not a reference'],
    [`a/${'x'.repeat(254)}`, 'the repository path is longer than 255 characters'],
    ['x'.repeat(248), 'the repository path is longer than 255 characters'],
    ['a..b', "it does not follow the grammar [registry[:port]/]path[:tag][@digest] (lowercase path components separated by '/')"],
    ['-app', "it does not follow the grammar [registry[:port]/]path[:tag][@digest] (lowercase path components separated by '/')"],
  ])('%p fails: %s', (image, reason) => {
    expect(imageProblem('image', image)).toBe(`${GRAMMAR}: ${reason}, got '${image}'`);
  });
});

describe('hubs and tags', () => {
  test.each(['docker.io/istio', 'istio', 'gcr.io/istio-release', 'localhost:5000', 'registry.example.com:5000/mirror/istio'])('hub %p is accepted', hub => {
    expect(hubProblem('hub', hub)).toBeUndefined();
  });

  test.each(['', 'Docker.io/Istio', 'docker.io/istio:1.30.3', `docker.io/istio@sha256:${HEX64}`, 'docker.io/ istio', 'a..b/c'])('hub %p fails', hub => {
    expect(hubProblem('hub', hub)).toBe(
      `'hub' must be an image registry path like docker.io/istio or registry.example.com:5000/mirror/istio (lowercase, no tag or digest), got '${hub}'`);
  });

  test.each(['1.30.3', '1.30.3-distroless', '_x', 'a'.repeat(128)])('tag %p is accepted', tag => {
    expect(tagProblem('tag', tag)).toBeUndefined();
  });

  test.each(['', '.x', '-x', 'a'.repeat(129), 'a b', 'a/b'])('tag %p fails', tag => {
    expect(tagProblem('tag', tag)).toBe(`'tag' must be an image tag (1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'), got '${tag}'`);
  });
});
