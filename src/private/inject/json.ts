/**
 * The injection engine's view of manifests: untyped JSON values (objects of any kind, as read).
 */

/** A JSON value of a manifest. */
export type Json = any;

/** Whether `v` is a JSON object (a mapping): not null, not a list. */
export function isObject(v: unknown): v is { [k: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A deep copy of a JSON value (`undefined` stays `undefined`). */
export function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}
