/**
 * Type checks at the boundary, for callers the TypeScript compiler does not check: JavaScript
 * code, and jsii callers in other languages whose values the jsii runtime passes through. A
 * construct checks the types of its props before it reads them, so a number where a string is
 * expected or an unknown enum value is a clear message, not a `TypeError` or a silent fallback:
 *
 * `'ports[0].protocol' must be one of HTTP, HTTP2, HTTPS, GRPC, GRPC-WEB, TCP, TLS, MONGO, MYSQL, REDIS, UDP, got 'SCTP'`
 *
 * A schema describes a value; `shape` checks the fields it lists (others are left alone, so
 * objects that carry more, like a props object spread into another, pass). Every field of a
 * `shape` is required unless wrapped in `optional`; `null` is never "left out" (jsii turns a
 * missing value into `undefined`, so `null` only comes from JavaScript, where it is a mistake).
 * Ranges and formats are not types: the constructs check them once the types are right.
 */
import { IConstruct } from 'constructs';
import { throwValueProblems } from './validation';

/** Checks a value at a path; adds its problems to `out` (none when the value fits). */
export interface Schema {
  /** What the value must be, for messages: `a string`, `one of A, B`. */
  readonly what: string;
  /** Whether `undefined` is accepted. */
  readonly optional: boolean;
  check(path: string, value: unknown, out: string[]): void;
}

/** How a message shows a value that was given: `'8080'`, `42`, `null`, `an array`, `a Duration`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'function') {
    return 'a function';
  }
  if (typeof value === 'symbol') {
    return 'a symbol';
  }
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  return name && name !== 'Object' ? article(name) : 'an object';
}

/** `a Mesh`, `an IstioRelease`. */
function article(name: string): string {
  return /^[AEIOU]/.test(name) ? `an ${name}` : `a ${name}`;
}

function mismatch(path: string, what: string, value: unknown): string {
  return `'${path}' must be ${what}, got ${describeValue(value)}`;
}

// every construct checks its props with these, so they add to one list instead of building arrays
function schema(what: string, accepts: (v: unknown) => boolean, inner?: (path: string, v: any, out: string[]) => void): Schema {
  return {
    what,
    optional: false,
    check: (path, value, out) => {
      if (!accepts(value)) {
        out.push(mismatch(path, what, value));
      } else if (inner) {
        inner(path, value, out);
      }
    },
  };
}

/** A string. */
export const str: Schema = schema('a string', v => typeof v === 'string');

/** A number (ranges, integers and finiteness are value checks). */
export const num: Schema = schema('a number', v => typeof v === 'number');

/** A boolean. */
export const bool: Schema = schema('a boolean', v => typeof v === 'boolean');

/** Any value at all (e.g. a passthrough the props do not read). */
export const any: Schema = { what: 'anything', optional: true, check: () => undefined };

/** `undefined` is accepted too. */
export function optional(s: Schema): Schema {
  return {
    what: s.what,
    optional: true,
    check: (path, value, out) => {
      if (value !== undefined) s.check(path, value, out);
    },
  };
}

/** One of the values of an enum (whose values are strings). */
export function oneOf(enumeration: { [key: string]: string }): Schema {
  const values = Object.values(enumeration);
  return schema(`one of ${values.join(', ')}`, v => typeof v === 'string' && values.includes(v));
}

/** An array whose entries fit `item`. */
export function arrayOf(item: Schema): Schema {
  return schema('an array', Array.isArray, (path, list: unknown[], out) => list.forEach((v, i) => item.check(`${path}[${i}]`, v, out)));
}

function isObject(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object used as a map (labels, annotations, env): every value fits `value`. */
export function mapOf(value: Schema): Schema {
  return schema('an object', isObject, (path, map: { [key: string]: unknown }, out) => {
    for (const k of Object.keys(map)) value.check(`${path}['${k}']`, map[k], out);
  });
}

/** An object whose listed fields fit their schemas; fields not listed are not looked at. */
export function shape(fields: { [field: string]: Schema }): Schema {
  const names = Object.keys(fields);
  return schema('an object', isObject, (path, obj: { [key: string]: unknown }, out) => {
    for (const field of names) {
      const value = obj[field];
      const s = fields[field];
      // most optional fields are left out: no path to build for them
      if (value === undefined && s.optional) continue;
      s.check(path === '' ? field : `${path}.${field}`, value, out);
    }
  });
}

/** An instance of a class, told apart by `test` (e.g. `v => v instanceof Mesh`, or duck typing for classes of other packages). */
export function instance(name: string, test: (v: any) => boolean): Schema {
  return schema(article(name), v => isObject(v) && test(v));
}

/** A cdk8s `Duration` (duck-typed: an app may load another copy of cdk8s). */
export const duration: Schema = instance('Duration (e.g. Duration.seconds(5))', v => typeof v.toMilliseconds === 'function');

/** A cdk8s `Size` (duck-typed). */
export const size: Schema = instance('Size (e.g. Size.mebibytes(128))', v => typeof v.toMebibytes === 'function' && typeof v.toGibibytes === 'function');

/** A cdk8s-plus `Cpu` (duck-typed: its `amount` is a string). */
export const cpu: Schema = instance('Cpu (e.g. Cpu.millis(500))', v => typeof v.amount === 'string');

/** Container resources of cdk8s-plus (`ContainerResources`). */
export const containerResources: Schema = shape({
  cpu: optional(shape({ request: optional(cpu), limit: optional(cpu) })),
  memory: optional(shape({ request: optional(size), limit: optional(size) })),
  ephemeralStorage: optional(shape({ request: optional(size), limit: optional(size) })),
});

/**
 * The type problems of a value. With no `path`, the value is a props object (or options
 * argument, named `root` in messages) and problems name its fields; else they name `path`.
 */
export function typeProblems(value: unknown, s: Schema, path = '', root = 'props'): string[] {
  if (path === '' && !isObject(value) && !(s.optional && value === undefined)) {
    return [mismatch(root, s.what, value)];
  }
  const out: string[] = [];
  s.check(path, value, out);
  return out;
}

/**
 * Throws every type problem of `value` at once, each prefixed with the construct path
 * (a string for checks that run before the construct exists).
 */
export function checkTypes(scope: IConstruct | string, value: unknown, s: Schema, path = '', root = 'props'): void {
  const problems = typeProblems(value, s, path, root);
  if (problems.length > 0) {
    const where = typeof scope === 'string' ? scope : scope.node.path;
    throw new Error(problems.map(p => `[${where}] ${p}`).join('\n'));
  }
}

/** Throws the type problems of the options given to a static factory (no construct path yet). */
export function checkFactoryTypes(value: unknown, s: Schema, path = '', root = 'options'): void {
  throwValueProblems(typeProblems(value, s, path, root));
}

/** The construct path a child `id` of `scope` will have, for checks that run before it is created. */
export function childPath(scope: IConstruct, id: string): string {
  return scope.node.path === '' ? id : `${scope.node.path}/${id}`;
}
