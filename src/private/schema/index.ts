/**
 * The structure of Istio objects checked against Istio's CRDs, without Kubernetes: what the API
 * server's schema validation (and Istio's strict decoding) refuses before any semantic check —
 * a field of the wrong type (`hosts: reviews` for a list), a value outside an enum, a missing
 * required field, two fields of a oneof, an unknown field, an unknown kind or version.
 *
 * The knowledge comes from src/imports/istio-schemas.ts, generated from Istio's CRD file by
 * scripts/import-istio-crds.sh. Like the API server, a null field counts as absent (it is
 * pruned), except a null `spec`, which leaves the object without its body. Formats, ranges,
 * patterns and CEL rules are not checked here.
 */
import { ISTIO_KINDS, ISTIO_SCHEMA_NODES, IstioSchemaRef } from '../../imports/istio-schemas';

/** One structural problem of an object. */
export interface SchemaProblem {
  /** Where: `spec.http[0].route`, `metadata.name`, `apiVersion` … */
  readonly path: string;
  /** The whole sentence, starting with the path: `spec.hosts must be a list, got a string ("reviews")`. */
  readonly message: string;
}

/** At most this many problems are listed per object (the rest are counted). */
const MAX_PROBLEMS = 50;

const TOP_LEVEL = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];

function isMapping(v: unknown): v is { [key: string]: unknown } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `a string ("reviews")`, `a mapping`, `an integer (5)`, `null`. */
function describe(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'object': return 'a mapping';
    case 'string': return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)})`;
    case 'number': return `${Number.isInteger(v) ? 'an integer' : 'a number'} (${v})`;
    case 'boolean': return `a boolean (${v})`;
    default: return typeof v;
  }
}

/** A path step for a mapping key: `.name`, or `["x-y.z"]` for keys that are no identifiers. */
function step(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

const EXPECTED: { [scalar: string]: [string, (v: unknown) => boolean] } = {
  'string': ['a string', v => typeof v === 'string'],
  'integer': ['an integer', v => typeof v === 'number' && Number.isInteger(v)],
  'number': ['a number', v => typeof v === 'number' && Number.isFinite(v)],
  'boolean': ['a boolean', v => typeof v === 'boolean'],
  'int-or-string': ['an integer or a string', v => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))],
  'object': ['a mapping', isMapping],
  'any': ['anything', () => true],
};

class Checker {
  public readonly problems: SchemaProblem[] = [];
  public more = 0;

  public add(path: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, message });
    else this.more++;
  }

  public check(value: unknown, ref: IstioSchemaRef, path: string): void {
    // like the API server: a null field is pruned, as if absent
    if (value === null || value === undefined) return;
    if (typeof ref === 'string') {
      const [expected, ok] = EXPECTED[ref];
      if (!ok(value)) this.add(path, `${path} must be ${expected}, got ${describe(value)}`);
      return;
    }
    const node = ISTIO_SCHEMA_NODES[ref];
    if (node.enum) {
      if (typeof value !== 'string' || !node.enum.includes(value)) this.add(path, `${path} must be one of ${node.enum.join(', ')}, got ${describe(value)}`);
    } else if (node.list !== undefined) {
      if (!Array.isArray(value)) {
        this.add(path, `${path} must be a list, got ${describe(value)}`);
        return;
      }
      value.forEach((item, i) => this.check(item, node.list!, `${path}[${i}]`));
    } else if (node.map !== undefined) {
      if (!isMapping(value)) {
        this.add(path, `${path} must be a mapping, got ${describe(value)}`);
        return;
      }
      for (const key of Object.keys(value)) this.check(value[key], node.map, step(path, key));
    } else if (node.fields) {
      if (!isMapping(value)) {
        this.add(path, `${path} must be a mapping, got ${describe(value)}`);
        return;
      }
      this.fields(value, node.fields, path, node.open === true);
      const set = (name: string) => value[name] !== undefined && value[name] !== null;
      for (const name of node.required ?? []) {
        if (!set(name)) this.add(step(path, name), `${step(path, name)} is required`);
      }
      for (const group of node.atMostOne ?? []) {
        const given = group.filter(set);
        if (given.length > 1) this.add(path, `${path} must set at most one of ${group.join(', ')}, got ${given.join(' and ')}`);
      }
      for (const group of node.exactlyOne ?? []) {
        const given = group.filter(set);
        if (given.length !== 1) this.add(path, `${path} must set exactly one of ${group.join(', ')}, got ${given.length === 0 ? 'none' : given.join(' and ')}`);
      }
    }
  }

  private fields(value: { [key: string]: unknown }, fields: { readonly [name: string]: IstioSchemaRef }, path: string, open: boolean): void {
    for (const key of Object.keys(value)) {
      const ref = fields[key];
      if (ref !== undefined) {
        this.check(value[key], ref, step(path, key));
      } else if (!open) {
        this.add(step(path, key), `${step(path, key)} is not a field of ${path} (fields: ${Object.keys(fields).join(', ') || 'none'})`);
      }
    }
  }
}

/** The API group and version of an `apiVersion`. */
function groupVersion(apiVersion: unknown): { group: string; version: string } | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? undefined : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Whether the object claims an Istio API group (`*.istio.io`) that Istio's CRDs define. */
export function isIstioObject(object: unknown): boolean {
  const gv = isMapping(object) ? groupVersion(object.apiVersion) : undefined;
  return gv !== undefined && ISTIO_KINDS[gv.group] !== undefined;
}

function metadataProblems(metadata: unknown, c: Checker): void {
  if (metadata === undefined || metadata === null) {
    c.add('metadata.name', 'metadata.name is required');
    return;
  }
  if (!isMapping(metadata)) {
    c.add('metadata', `metadata must be a mapping, got ${describe(metadata)}`);
    return;
  }
  for (const field of ['name', 'namespace', 'generateName']) c.check(metadata[field], 'string', `metadata.${field}`);
  if ((metadata.name === undefined || metadata.name === null) && (metadata.generateName === undefined || metadata.generateName === null)) {
    c.add('metadata.name', 'metadata.name is required');
  }
  for (const field of ['labels', 'annotations']) {
    const map = metadata[field];
    if (map === undefined || map === null) continue;
    if (!isMapping(map)) {
      c.add(`metadata.${field}`, `metadata.${field} must be a mapping of strings, got ${describe(map)}`);
      continue;
    }
    for (const key of Object.keys(map)) c.check(map[key], 'string', step(`metadata.${field}`, key));
  }
}

/**
 * The structural problems of an Istio object (empty for a well-formed one, and for any object
 * that is not in an Istio API group).
 */
export function schemaProblems(object: unknown): SchemaProblem[] {
  if (!isMapping(object) || !isIstioObject(object)) return [];
  const { group, version } = groupVersion(object.apiVersion)!;
  const kinds = ISTIO_KINDS[group];
  const kind = object.kind;
  const c = new Checker();
  if (typeof kind !== 'string') {
    c.add('kind', `kind must be a string, got ${describe(kind)}`);
    return c.problems;
  }
  if (kinds[kind] === undefined) {
    c.add('kind', `kind '${kind}' is not a kind of ${group} (kinds: ${Object.keys(kinds).join(', ')})`);
    return c.problems;
  }
  const schema = kinds[kind];
  if (!schema.versions.includes(version)) {
    c.add('apiVersion', `apiVersion '${object.apiVersion}' is not served for ${kind} (versions: ${schema.versions.map(v => `${group}/${v}`).join(', ')})`);
    return c.problems;
  }
  for (const key of Object.keys(object)) {
    if (!TOP_LEVEL.includes(key)) c.add(step('', key), `${step('', key)} is not a field of a ${kind} (fields: ${TOP_LEVEL.join(', ')})`);
  }
  metadataProblems(object.metadata, c);
  if (schema.spec !== undefined && schema.checked?.includes(version)) {
    if (object.spec === null) {
      c.add('spec', 'spec must be a mapping, got null');
    } else if (object.spec === undefined) {
      if (schema.required?.includes('spec')) c.add('spec', 'spec is required');
    } else {
      c.check(object.spec, schema.spec, 'spec');
    }
  }
  if (c.more > 0) c.problems.push({ path: '', message: `and ${c.more} more problems` });
  return c.problems;
}
