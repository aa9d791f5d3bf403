#!/usr/bin/env node
// Reduces Istio's crd-all.gen.yaml to the CustomResourceDefinitions cdk8s-mesh
// binds to, keeping only their `v1` entry in spec.versions (v1alpha3/v1beta1
// entries are dropped so `cdk8s import` emits exactly one class per kind,
// without version suffixes).
//
// Usage: node scripts/filter-crds.js IN_CRD_ALL_YAML OUT_YAML
//
// Used by scripts/import-istio-crds.sh; OUT_YAML is expected to live outside
// the repository (the Istio CRD file is never copied into the repo).
//
// One schema adjustment is made: Istio's schemas list a few deprecated
// snake_case aliases next to their camelCase field (VirtualService
// http[].mirror_percent/mirrorPercent, RequestAuthentication
// jwtRules[].jwks_uri/jwksUri). cdk8s import (json2jsii) camelCases both to the
// same TypeScript property and keeps only the first one it sees, which is the
// snake_case alias, so e.g. `jwksUri` would be emitted as `jwks_uri`. Dropping
// the snake_case alias whenever its camelCase twin is a sibling keeps the
// generated property and its wire name both camelCase; nothing expressible is
// lost, since json2jsii can only ever emit one of the two.
'use strict';

const fs = require('fs');
const YAML = require('yaml');

const VERSION = 'v1';
const WANTED = {
  'networking.istio.io': ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'WorkloadEntry'],
  'security.istio.io': ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication'],
};

const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

// Removes snake_case properties that have a camelCase sibling; returns the
// schema paths of the removed properties.
function dropSnakeCaseTwins(node, path, dropped) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => dropSnakeCaseTwins(item, `${path}[${i}]`, dropped));
    return dropped;
  }
  if (node === null || typeof node !== 'object') return dropped;
  const props = node.properties;
  if (props !== null && typeof props === 'object' && !Array.isArray(props)) {
    for (const name of Object.keys(props)) {
      if (name.includes('_') && camel(name) !== name && Object.prototype.hasOwnProperty.call(props, camel(name))) {
        delete props[name];
        dropped.push(`${path}.properties.${name}`);
      }
    }
  }
  for (const [key, value] of Object.entries(node)) {
    dropSnakeCaseTwins(value, `${path}.${key}`, dropped);
  }
  return dropped;
}

function fail(msg) {
  process.stderr.write(`filter-crds: ${msg}\n`);
  process.exit(1);
}

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  fail('usage: filter-crds.js IN_CRD_ALL_YAML OUT_YAML');
}

const docs = YAML.parseAllDocuments(fs.readFileSync(input, 'utf8'));
const found = new Map();

for (const doc of docs) {
  if (doc.errors.length > 0) {
    fail(`${input}: ${doc.errors.map((e) => e.message).join('; ')}`);
  }
  const obj = doc.toJS();
  if (!obj || obj.kind !== 'CustomResourceDefinition') continue;

  const group = obj.spec && obj.spec.group;
  const kind = obj.spec && obj.spec.names && obj.spec.names.kind;
  if (!(WANTED[group] || []).includes(kind)) continue;

  const key = `${kind}.${group}`;
  if (found.has(key)) fail(`${input}: ${key} is defined more than once`);

  const versions = (obj.spec.versions || []).filter((v) => v.name === VERSION);
  if (versions.length !== 1) fail(`${input}: ${key} has ${versions.length} '${VERSION}' version entries (expected 1)`);
  if (!versions[0].schema || !versions[0].schema.openAPIV3Schema) fail(`${input}: ${key} ${VERSION} has no openAPIV3Schema`);

  obj.spec.versions = versions;
  for (const p of dropSnakeCaseTwins(versions[0].schema.openAPIV3Schema, `${key}/${VERSION}`, [])) {
    process.stderr.write(`filter-crds: dropped snake_case alias ${p} (camelCase twin kept)\n`);
  }
  found.set(key, obj);
}

const missing = [];
for (const [group, kinds] of Object.entries(WANTED)) {
  for (const kind of kinds) {
    if (!found.has(`${kind}.${group}`)) missing.push(`${kind}.${group}`);
  }
}
if (missing.length > 0) fail(`${input}: missing CRDs: ${missing.join(', ')}`);

const text = [...found.values()].map((obj) => YAML.stringify(obj, { lineWidth: 0 })).join('---\n');
fs.writeFileSync(output, text);
process.stderr.write(`filter-crds: kept ${found.size} CRDs (${VERSION} only): ${[...found.keys()].join(', ')}\n`);
