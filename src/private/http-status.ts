/**
 * The HTTP status codes Go's `net/http` knows (`http.StatusText` is not empty): Istio accepts a
 * numeric `retryOn` entry only when it is one of them.
 */
export const KNOWN_HTTP_STATUSES: ReadonlySet<number> = new Set([
  100, 101, 102, 103,
  200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
  300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** The known codes, runs written as ranges: `100–103, 200–208, 226, …`. */
export function knownStatusList(): string {
  const codes = [...KNOWN_HTTP_STATUSES];
  const runs: string[] = [];
  for (let i = 0; i < codes.length;) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === codes[j] + 1) {
      j++;
    }
    runs.push(j - i >= 2 ? `${codes[i]}–${codes[j]}` : codes.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return runs.join(', ');
}
