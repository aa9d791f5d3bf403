/**
 * Container image references as the kubelet reads them (`ParseNormalizedNamed` of
 * github.com/distribution/reference, with the digest algorithms it links in: sha256, sha384 and
 * sha512). The API server only requires an image to be non-empty; a reference the kubelet cannot
 * parse leaves the pod in `InvalidImageName`, so it is an error here instead.
 */

const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const HOST = `(?:${DOMAIN_NAME}|\\[(?:[a-fA-F0-9:]+)\\])`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME}`;

const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${REMOTE_NAME})$`);
const IMAGE_ID = /^[a-f0-9]{64}$/;
const ANCHORED_TAG = new RegExp(`^${TAG}$`);
const REPOSITORY_MAX = 255;

/** Hex digits of the digests the kubelet can verify. */
const DIGEST_HEX: { [algorithm: string]: number } = { sha256: 64, sha384: 96, sha512: 128 };

/** Docker Hub's familiar names (`nginx`, `istio/proxyv2`) get their registry, as the kubelet adds it. */
function splitDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) {
    return ['docker.io', `library/${name}`];
  }
  const first = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain: string;
  let remote: string;
  if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) {
    [domain, remote] = [first === 'index.docker.io' ? 'docker.io' : first, rest];
  } else {
    [domain, remote] = ['docker.io', name];
  }
  if (domain === 'docker.io' && !remote.includes('/')) {
    remote = `library/${remote}`;
  }
  return [domain, remote];
}

/** Why an image reference is rejected, or undefined when the kubelet accepts it. */
function referenceError(image: string): string | undefined {
  if (image === '') {
    return 'it is empty';
  }
  if (/\s/.test(image)) {
    return 'it contains whitespace';
  }
  if (IMAGE_ID.test(image)) {
    return 'a 64-digit hexadecimal string is an image ID, not a reference';
  }
  const [domain, remainder] = splitDomain(image);
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) {
    return `the repository '${remote}' must be lowercase`;
  }
  const full = `${domain}/${remainder}`;
  const m = REFERENCE.exec(full);
  if (!m) {
    return syntaxError(full);
  }
  const path = ANCHORED_NAME.exec(m[1])?.[2] ?? m[1];
  if (path.length > REPOSITORY_MAX) {
    return `the repository path is longer than ${REPOSITORY_MAX} characters`;
  }
  const digest = m[3];
  if (digest !== undefined) {
    const [algorithm, hex] = [digest.slice(0, digest.indexOf(':')), digest.slice(digest.indexOf(':') + 1)];
    const length = DIGEST_HEX[algorithm];
    if (length === undefined) {
      return `the digest algorithm '${algorithm}' is not supported (sha256, sha384 or sha512)`;
    }
    if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
      return `a ${algorithm} digest must be ${length} lowercase hexadecimal digits`;
    }
  }
  return undefined;
}

/** A best guess at the part of a reference that breaks the grammar, for the message. */
function syntaxError(full: string): string {
  const at = full.indexOf('@');
  const name = at >= 0 ? full.slice(0, at) : full;
  if (at >= 0 && !new RegExp(`^${DIGEST}$`).test(full.slice(at + 1))) {
    return "the digest must be '<algorithm>:<hex digits>', e.g. sha256: and 64 hexadecimal digits";
  }
  // `full` always starts with its registry: a ':' in a later component that is not the last is a misplaced tag
  const components = name.split('/').slice(1);
  if (components.slice(0, -1).some(c => c.includes(':'))) {
    return "a ':tag' may only follow the last path component";
  }
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  if (colon >= 0 && !ANCHORED_TAG.test(name.slice(colon + 1))) {
    return "the tag must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'";
  }
  return 'it does not follow the grammar [registry[:port]/]path[:tag][@digest] (lowercase path components separated by \'/\')';
}

/** A container image reference: `nginx`, `registry.example.com:5000/team/app:1.2`, `app@sha256:<64 hex>`. */
export function imageProblem(prop: string, image: string): string | undefined {
  const error = referenceError(image);
  return error === undefined ? undefined : `'${prop}' must be an image reference the kubelet can pull ([registry[:port]/]path[:tag][@digest]): ${error}, got '${image}'`;
}

/**
 * An image registry path that `/<image>:<tag>` is appended to (`docker.io/istio`,
 * `registry.example.com:5000/mirror/istio`): no tag or digest of its own.
 */
export function hubProblem(prop: string, hub: string): string | undefined {
  const bad = hub === '' || /[@\s]/.test(hub) || referenceError(`${hub}/pilot`) !== undefined;
  return bad
    ? `'${prop}' must be an image registry path like docker.io/istio or registry.example.com:5000/mirror/istio (lowercase, no tag or digest), got '${hub}'`
    : undefined;
}

/** An image tag: 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'. */
export function tagProblem(prop: string, tag: string): string | undefined {
  return ANCHORED_TAG.test(tag)
    ? undefined
    : `'${prop}' must be an image tag (1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'), got '${tag}'`;
}
