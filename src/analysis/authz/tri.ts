/**
 * Three-valued logic (Kleene's): `true`, `false`, or `undefined` for "unknown". A condition on an
 * attribute the request description does not know is unknown; `and`/`or`/`not` keep what can be
 * decided (false AND unknown is false, true OR unknown is true).
 */

/** true, false, or undefined (unknown). */
export type Tri = boolean | undefined;

export function and(values: Iterable<Tri>): Tri {
  let unknown = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

export function or(values: Iterable<Tri>): Tri {
  let unknown = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

export function not(value: Tri): Tri {
  return value === undefined ? undefined : !value;
}
