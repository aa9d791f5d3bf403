/**
 * The Gateway API's PathPrefix: a prefix of whole path segments. The library's rule-order checks
 * and the routing simulator both read it.
 */

/**
 * Whether a path prefix (Gateway API semantics: whole path segments, a trailing `/` ignored)
 * covers `path` (an exact path, or another prefix).
 */
export function prefixCovers(prefix: string, path: string): boolean {
  const p = normalizePrefix(prefix);
  if (p === '/') {
    return true;
  }
  const q = normalizePrefix(path);
  return q === p || q.startsWith(`${p}/`);
}

/** A prefix without its trailing `/` (except `/` itself). */
export function normalizePrefix(prefix: string): string {
  return prefix !== '/' && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}
