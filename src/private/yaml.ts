/**
 * A YAML writer for synthesized manifests that writes exactly the bytes of cdk8s's
 * `Yaml.stringify` (yaml 2, YAML 1.1 schema, block style, no line folding), several times faster.
 *
 * It writes the common case itself: block maps and sequences of single-line strings, numbers,
 * booleans and nulls. How a scalar is written (plain or quoted) is asked of `Yaml.stringify` once
 * per distinct scalar, except for the many strings that are plain by construction. A document
 * holding anything else (a multi-line string, a document marker, `undefined`, a non-plain object)
 * is written by `Yaml.stringify` whole, so the result never depends on the writer knowing YAML's
 * corner cases.
 */
import { Yaml } from 'cdk8s';

/** Raised while writing a document the fast writer leaves to `Yaml.stringify`. */
const UNSUPPORTED = Symbol('unsupported');

/**
 * Strings YAML writes plain in a block context: a letter, then letters, digits and `._/:-`, not
 * ending in `:`. Of those, YAML 1.1 reads as no string only floats without a mantissa (`e5`,
 * `E-3`, excluded here) and the booleans and nulls, which `YAML_1_1_WORDS` lists.
 */
const PLAIN = /^(?![eE]-?[0-9]+$)[A-Za-z][A-Za-z0-9._/:-]*$/;

/** The plain words YAML 1.1 reads as booleans or null, not as strings (Go's yaml.v2 and kubectl read YAML 1.1). */
export const YAML_1_1_WORDS: ReadonlySet<string> = new Set([
  'Y', 'y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'N', 'n', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  'null', 'Null', 'NULL',
]);

/** A document marker, which YAML writes differently at different depths. */
const MARKER = /^(%|---|\.\.\.)/;

/** Writes documents as `Yaml.stringify(...docs)` does. */
export class YamlWriter {
  private readonly values = new Map<string | number, string>();
  private readonly keys = new Map<string, string>();

  /** `Yaml.stringify(...docs)`. */
  public stringify(docs: unknown[]): string {
    return docs.map(doc => this.document(doc)).join('---\n');
  }

  private document(doc: unknown): string {
    if (doc === undefined) {
      return '\n';
    }
    if (!isPlainObject(doc) || Object.keys(doc).length === 0) {
      return Yaml.stringify(doc);
    }
    const out: string[] = [];
    try {
      this.map(doc, '', out);
    } catch (e) {
      if (e === UNSUPPORTED) {
        return Yaml.stringify(doc);
      }
      throw e;
    }
    return out.join('');
  }

  /** A non-empty map's pairs, the first one without indentation (it follows `- ` or starts a line). */
  private map(map: Record<string, unknown>, indent: string, out: string[]): void {
    let first = true;
    for (const key of Object.keys(map)) {
      const value = map[key];
      out.push(first ? '' : indent, this.key(key), ':');
      first = false;
      if (Array.isArray(value)) {
        if (value.length === 0) {
          out.push(' []\n');
        } else {
          out.push('\n');
          this.seq(value, `${indent}  `, out);
        }
      } else if (isPlainObject(value)) {
        if (isEmpty(value)) {
          out.push(' {}\n');
        } else {
          out.push('\n', `${indent}  `);
          this.map(value, `${indent}  `, out);
        }
      } else {
        out.push(' ', this.scalar(value), '\n');
      }
    }
  }

  /** A non-empty sequence, every item on its own line at `indent`. */
  private seq(items: unknown[], indent: string, out: string[]): void {
    for (const item of items) {
      out.push(indent, '- ');
      this.item(item, `${indent}  `, out);
    }
  }

  /** A sequence item after its `- `. */
  private item(item: unknown, indent: string, out: string[]): void {
    if (Array.isArray(item)) {
      if (item.length === 0) {
        out.push('[]\n');
      } else {
        // a nested sequence starts on the same line: `- - a`
        out.push('- ');
        this.item(item[0], `${indent}  `, out);
        this.seq(item.slice(1), indent, out);
      }
    } else if (isPlainObject(item)) {
      if (isEmpty(item)) {
        out.push('{}\n');
      } else {
        this.map(item, indent, out);
      }
    } else {
      out.push(this.scalar(item), '\n');
    }
  }

  private scalar(value: unknown): string {
    switch (typeof value) {
      case 'string':
        return PLAIN.test(value) && !value.endsWith(':') && !YAML_1_1_WORDS.has(value) ? value : this.memo(this.values, value, () => value);
      case 'number':
        return Number.isSafeInteger(value) ? String(value) : this.memo(this.values, value, () => value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        if (value === null) {
          return 'null';
        }
        throw UNSUPPORTED;
      default:
        throw UNSUPPORTED;
    }
  }

  private key(key: string): string {
    if (PLAIN.test(key) && !key.endsWith(':') && !YAML_1_1_WORDS.has(key)) {
      return key;
    }
    const written = this.memo(this.keys, key, () => ({ [key]: 0 }));
    if (!written.endsWith(': 0') || MARKER.test(key)) {
      throw UNSUPPORTED;
    }
    return written.slice(0, -3);
  }

  /** How `Yaml.stringify` writes a scalar (or a one-pair map), if on one line. */
  private memo<K extends string | number>(cache: Map<K, string>, key: K, doc: () => unknown): string {
    let written = cache.get(key);
    if (written === undefined) {
      const text = Yaml.stringify(doc());
      // one line, and no document marker (YAML writes those differently at the top level)
      written = text.indexOf('\n') === text.length - 1 && !MARKER.test(text) ? text.slice(0, -1) : '';
      cache.set(key, written);
    }
    if (written === '') {
      throw UNSUPPORTED;
    }
    return written;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isEmpty(map: Record<string, unknown>): boolean {
  return Object.keys(map).length === 0;
}
