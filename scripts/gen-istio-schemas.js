#!/usr/bin/env node
// Writes src/imports/istio-schemas.ts: a compact structural schema of Istio's CRDs (types,
// enums, required fields, and the "at most one of" groups Istio writes as oneOf), for checking
// the structure of Istio objects without Kubernetes (see src/private/schema/).
//
// Usage: node scripts/gen-istio-schemas.js IN_CRD_ALL_YAML OUT_TS
//
// Used by scripts/import-istio-crds.sh. Every Istio kind of the CRD file is listed with its
// served versions; the `spec` schema of the kinds that have a `v1` version is kept, and applies
// to every version of the kind whose schema is the same as v1's. Descriptions, formats, ranges,
// patterns and CEL rules (x-kubernetes-validations) are left out: this is about structure.
// Identical subtrees are stored once. The output is deterministic: rerunning the script on the
// same CRD file reproduces it byte for byte.
'use strict';

const fs = require('fs');
const YAML = require('yaml');

function fail(msg) {
  process.stderr.write(`gen-istio-schemas: ${msg}\n`);
  process.exit(1);
}

const [input, output] = process.argv.slice(2);
if (!input || !output) fail('usage: gen-istio-schemas.js IN_CRD_ALL_YAML OUT_TS');

/** Keywords that do not shape the structure and are left out. */
const IGNORED = new Set([
  'description', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'maxLength', 'minLength',
  'maxItems', 'minItems', 'maxProperties', 'minProperties', 'pattern', 'x-kubernetes-validations', 'nullable',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'default',
]);

const SCALARS = { string: 'string', integer: 'integer', number: 'number', boolean: 'boolean' };

/** The fields of `required: [x]` alternatives; fails unless every alternative names one field. */
function singleRequired(alternatives, where) {
  return alternatives.map(a => {
    const keys = Object.keys(a);
    if (keys.length !== 1 || keys[0] !== 'required' || a.required.length !== 1) fail(`${where}: unexpected oneOf alternative ${JSON.stringify(a)}`);
    return a.required[0];
  });
}

/** A oneOf: `[{not: {anyOf: [required x…]}}, required x…]` is "at most one of x…"; `[required x…]` is "exactly one of". */
function oneOfGroup(oneOf, where) {
  if (oneOf.length > 0 && oneOf[0].not) {
    const allowed = singleRequired(oneOf[0].not.anyOf || fail(`${where}: oneOf 'not' without anyOf`), where);
    const listed = singleRequired(oneOf.slice(1), where);
    if (JSON.stringify(allowed) !== JSON.stringify(listed)) fail(`${where}: oneOf lists ${listed} but excludes ${allowed}`);
    return { atMostOne: listed };
  }
  return { exactlyOne: singleRequired(oneOf, where) };
}

/** The compact form of a schema node (before deduplication): a scalar name, or an object. */
function compact(schema, where) {
  for (const key of Object.keys(schema)) {
    if (!IGNORED.has(key) && !['type', 'properties', 'required', 'items', 'additionalProperties', 'enum', 'oneOf', 'allOf', 'anyOf',
      'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string'].includes(key)) {
      fail(`${where}: unsupported schema keyword '${key}'`);
    }
  }
  if (schema['x-kubernetes-int-or-string']) return 'int-or-string';
  if (schema.anyOf) fail(`${where}: anyOf outside int-or-string`);
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const type = schema.type;
  if (type === undefined) {
    if (preserve && !schema.properties) return 'any';
    fail(`${where}: schema without a type`);
  }
  if (SCALARS[type]) {
    if (schema.enum) {
      if (type !== 'string') fail(`${where}: enum of type ${type}`);
      return { enum: schema.enum.map(String) };
    }
    return SCALARS[type];
  }
  if (type === 'array') {
    if (!schema.items) fail(`${where}: array without items`);
    return { list: compact(schema.items, `${where}[]`) };
  }
  if (type !== 'object') fail(`${where}: unsupported type ${type}`);
  if (schema.additionalProperties !== undefined) {
    if (schema.properties) fail(`${where}: both properties and additionalProperties`);
    if (schema.additionalProperties === true || typeof schema.additionalProperties !== 'object') return 'object';
    return { map: compact(schema.additionalProperties, `${where}{}`) };
  }
  if (!schema.properties) {
    if (preserve) return 'object';
    // an empty message (google.protobuf.Empty and the like): no fields
    return { fields: {} };
  }
  const node = { fields: {} };
  for (const name of Object.keys(schema.properties).sort()) {
    node.fields[name] = compact(schema.properties[name], `${where}.${name}`);
  }
  if (schema.required) node.required = [...schema.required].sort();
  const groups = [];
  if (schema.oneOf) groups.push(oneOfGroup(schema.oneOf, where));
  for (const part of schema.allOf || []) {
    if (Object.keys(part).length !== 1 || !part.oneOf) fail(`${where}: allOf part that is not a oneOf`);
    groups.push(oneOfGroup(part.oneOf, where));
  }
  const atMostOne = groups.filter(g => g.atMostOne).map(g => g.atMostOne);
  const exactlyOne = groups.filter(g => g.exactlyOne).map(g => g.exactlyOne);
  if (atMostOne.length) node.atMostOne = atMostOne;
  if (exactlyOne.length) node.exactlyOne = exactlyOne;
  if (preserve) node.open = true;
  return node;
}

/** Stores every object node once in `table`, replacing it by its index. */
function intern(node, table, index) {
  if (typeof node === 'string') return node;
  const out = {};
  if (node.enum) out.enum = node.enum;
  if (node.list !== undefined) out.list = intern(node.list, table, index);
  if (node.map !== undefined) out.map = intern(node.map, table, index);
  if (node.fields) {
    out.fields = {};
    for (const [name, child] of Object.entries(node.fields)) out.fields[name] = intern(child, table, index);
  }
  for (const key of ['required', 'atMostOne', 'exactlyOne', 'open']) if (node[key] !== undefined) out[key] = node[key];
  const key = JSON.stringify(out);
  let i = index.get(key);
  if (i === undefined) {
    i = table.length;
    table.push(out);
    index.set(key, i);
  }
  return i;
}

const docs = YAML.parseAllDocuments(fs.readFileSync(input, 'utf8'));
const kinds = [];
for (const doc of docs) {
  if (doc.errors.length > 0) fail(`${input}: ${doc.errors.map(e => e.message).join('; ')}`);
  const crd = doc.toJS();
  if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
  const group = crd.spec.group;
  if (!group.endsWith('.istio.io')) continue;
  const kind = crd.spec.names.kind;
  const versions = crd.spec.versions.filter(v => v.served !== false);
  const compacted = new Map();
  for (const v of versions) {
    const root = v.schema && v.schema.openAPIV3Schema;
    if (!root || !root.properties || !root.properties.spec) fail(`${kind}.${group} ${v.name}: no spec schema`);
    compacted.set(v.name, { spec: compact(root.properties.spec, `${kind}.${v.name}.spec`), required: (root.required || []).slice().sort() });
  }
  kinds.push({ group, kind, versions: versions.map(v => v.name), compacted });
}
kinds.sort((a, b) => (a.group + '/' + a.kind < b.group + '/' + b.kind ? -1 : 1));

const table = [];
const index = new Map();
const out = {};
for (const { group, kind, versions, compacted } of kinds) {
  const entry = { versions: [...versions].sort() };
  const v1 = compacted.get('v1');
  if (v1) {
    const same = JSON.stringify(v1);
    entry.checked = entry.versions.filter(v => JSON.stringify(compacted.get(v)) === same);
    entry.spec = intern(v1.spec, table, index);
    if (v1.required.length) entry.required = v1.required;
  }
  (out[group] = out[group] || {})[kind] = entry;
}

const header = `// Generated by scripts/import-istio-crds.sh (scripts/gen-istio-schemas.js) from Istio's crd-all.gen.yaml.
// Do not edit: rerun the script. The structure (types, enums, required fields, oneOf groups) of
// the spec of Istio's kinds; see src/private/schema/ for how it is read.
/* eslint-disable */

/**
 * A schema node: a scalar type by name, or the index of a structured node in ISTIO_SCHEMA_NODES.
 * 'any' is any value, 'object' any mapping.
 */
export type IstioSchemaRef = 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'any' | 'object' | number;

/** A structured schema node: exactly one of enum, list, map, fields. */
export interface IstioSchemaNode {
  /** a string that must be one of these */
  readonly enum?: readonly string[];
  /** a list of items of this schema */
  readonly list?: IstioSchemaRef;
  /** a mapping from any key to values of this schema */
  readonly map?: IstioSchemaRef;
  /** a mapping with these fields (and no others, unless open) */
  readonly fields?: { readonly [name: string]: IstioSchemaRef };
  readonly required?: readonly string[];
  /** groups of fields of which at most one may be set (a protobuf oneof) */
  readonly atMostOne?: ReadonlyArray<readonly string[]>;
  /** groups of fields of which exactly one must be set */
  readonly exactlyOne?: ReadonlyArray<readonly string[]>;
  /** other fields are allowed too */
  readonly open?: boolean;
}

/** An Istio kind: its served versions and, for kinds with a v1 version, the schema of its spec. */
export interface IstioKindSchema {
  readonly versions: readonly string[];
  /** the versions the spec schema applies to (those whose schema is v1's) */
  readonly checked?: readonly string[];
  readonly spec?: IstioSchemaRef;
  /** top-level fields the kind requires */
  readonly required?: readonly string[];
}
`;

const lines = [header];
lines.push('/** Structured schema nodes, each stored once. */');
lines.push('export const ISTIO_SCHEMA_NODES: readonly IstioSchemaNode[] = [');
table.forEach((node, i) => lines.push(`  /* ${i} */ ${JSON.stringify(node)},`));
lines.push('];', '');
lines.push('/** Istio kinds by API group and kind. */');
lines.push('export const ISTIO_KINDS: { readonly [group: string]: { readonly [kind: string]: IstioKindSchema } } = {');
for (const [group, byKind] of Object.entries(out)) {
  lines.push(`  '${group}': {`);
  for (const [kind, entry] of Object.entries(byKind)) lines.push(`    ${kind}: ${JSON.stringify(entry)},`);
  lines.push('  },');
}
lines.push('};', '');
fs.writeFileSync(output, lines.join('\n'));
process.stderr.write(`gen-istio-schemas: ${kinds.length} kinds, ${table.length} schema nodes, ${fs.statSync(output).size} bytes\n`);
