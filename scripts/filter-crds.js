#!/usr/bin/env node
// Reduces CustomResourceDefinition files to the kinds cdk8s-mesh binds to, keeping
// only the one version of each kind it emits in spec.versions (the other entries
// are dropped so `cdk8s import` emits exactly one class per kind, without version
// suffixes). The kept version must be served and be the storage version.
//
// Usage: node scripts/filter-crds.js SET OUT_YAML IN_YAML...
//
// SET is one of:
//   istio        Istio's crd-all.gen.yaml: networking.istio.io and security.istio.io, v1
//   gateway-api  the Gateway API's CRD files of one release, standard and experimental
//                channels (gateway.networking.k8s.io): Gateway, HTTPRoute, GRPCRoute, TLSRoute
//                and TCPRoute v1 (TCPRoute v1 is standard from v1.6), ReferenceGrant v1beta1,
//                from the standard channel, plus the experimental
//                fields this library writes, copied from the experimental channel's schema
//                (HTTPRoute spec.rules[].retry, standard from v1.7). Every file must carry
//                the same release in its annotations.
//   argo-rollouts Argo Rollouts' rollout-crd.yaml (manifests/crds/ of github.com/argoproj/argo-rollouts):
//                Rollout v1alpha1, with the schemas of the pod templates left out (see `prune`)
//   flagger      Flagger's artifacts/flagger/crd.yaml: Canary v1beta1 (flagger.app)
//
// Used by scripts/import-istio-crds.sh and scripts/import-gateway-api-crds.sh;
// OUT_YAML is expected to live outside the repository (the CRD files are never
// copied into the repo).
//
// One schema adjustment is made: Istio's schemas list a few deprecated
// snake_case aliases next to their camelCase field (VirtualService
// http[].mirror_percent/mirrorPercent, RequestAuthentication
// jwtRules[].jwks_uri/jwksUri). cdk8s import (json2jsii) camelCases both to the
// same TypeScript property and keeps only the first one it sees, which is the
// snake_case alias, so e.g. `jwksUri` would be emitted as `jwks_uri`. Dropping
// the snake_case alias whenever its camelCase twin is a sibling keeps the
// generated property and its wire name both camelCase; nothing expressible is
// lost, since json2jsii can only ever emit one of the two. (The Gateway API's
// schemas have no such aliases.)
//
// Why the Gateway API bindings are the standard channel plus chosen fields: the
// bindings' toJson writes only the fields of the schema, so the HTTPRoute `retry`
// this library writes must be in it; the other experimental fields (sessionPersistence,
// externalAuth, useDefaultGateways, defaultScope ...) are left out, so the types
// describe what the standard channel's API server accepts plus that one exception,
// which is what the output targets (README). A grafted field must be absent from
// the standard schema and present in the experimental one: when a release makes it
// standard, the graft fails and is to be removed here.
'use strict';

const fs = require('fs');
const YAML = require('yaml');
const { indentQuotedContinuations } = require('./quoted-continuations');

/**
 * Per set: `kinds` (API group -> kind -> the version kept) and, for the Gateway API, the
 * channel the CRDs are taken from and `grafts` (`<kind>.<group>` -> paths of fields copied
 * from the experimental channel's schema; a path names properties, going through arrays to
 * their items).
 */
const SETS = {
  'istio': {
    kinds: {
      'networking.istio.io': {
        VirtualService: 'v1', DestinationRule: 'v1', Gateway: 'v1', ServiceEntry: 'v1', Sidecar: 'v1', WorkloadEntry: 'v1',
      },
      'security.istio.io': { PeerAuthentication: 'v1', AuthorizationPolicy: 'v1', RequestAuthentication: 'v1' },
    },
  },
  'flagger': {
    kinds: { 'flagger.app': { Canary: 'v1beta1' } },
  },
  'gateway-api': {
    kinds: {
      'gateway.networking.k8s.io': {
        Gateway: 'v1', HTTPRoute: 'v1', GRPCRoute: 'v1', TLSRoute: 'v1', TCPRoute: 'v1', ReferenceGrant: 'v1beta1',
      },
    },
    channel: 'standard',
    grafts: { 'HTTPRoute.gateway.networking.k8s.io': ['spec.rules.retry'] },
  },
  'argo-rollouts': {
    kinds: { 'argoproj.io': { Rollout: 'v1alpha1' } },
    prune: { 'Rollout.argoproj.io': ['spec.template', 'spec.strategy.canary.steps.experiment'] },
  },
};
const GRAFT_CHANNEL = 'experimental';

// `prune` (`<kind>.<group>` -> paths, as for grafts) replaces the schema of a field by an object
// without properties, so that `cdk8s import` writes no types for it. The Rollout's pod templates
// (spec.template, and each experiment step's templates) are three quarters of the Rollout CRD;
// cdk8s-mesh hands Argo Rollouts a Deployment it renders (spec.workloadRef), and Argo Rollouts
// rejects a Rollout that has both a workloadRef and a template, so these fields are never written.
const CHANNEL_ANNOTATION = 'gateway.networking.k8s.io/channel';
const BUNDLE_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';

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

const [set, output, ...inputs] = process.argv.slice(2);
if (!set || !output || inputs.length === 0) {
  fail('usage: filter-crds.js SET OUT_YAML IN_YAML...');
}
if (!Object.prototype.hasOwnProperty.call(SETS, set)) fail(`unknown set '${set}': expected one of ${Object.keys(SETS).join(', ')}`);
const wanted = SETS[set].kinds;
const channel = SETS[set].channel;
const grafts = SETS[set].grafts || {};
const prune = SETS[set].prune || {};
const bundles = new Set();
const inputsLabel = inputs.length === 1 ? inputs[0] : `the ${inputs.length} input files`;

/** `<kind>.<group>` -> { obj, version } of the CRDs kept. */
const found = new Map();
/** `<kind>.<group>` -> the schema of the kept version in the graft channel. */
const graftSources = new Map();

/** The object schema holding the last property of `path`, or undefined. */
function parentOf(schema, path) {
  let node = schema;
  for (const name of path.slice(0, -1)) {
    node = node && node.properties && node.properties[name];
    if (node && node.type === 'array') node = node.items;
  }
  return node && node.properties ? node : undefined;
}

for (const input of inputs) {
  const docs = YAML.parseAllDocuments(indentQuotedContinuations(fs.readFileSync(input, 'utf8')));
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      fail(`${input}: ${doc.errors.map((e) => e.message).join('; ')}`);
    }
    const obj = doc.toJS();
    if (!obj || obj.kind !== 'CustomResourceDefinition') continue;

    const group = obj.spec && obj.spec.group;
    const kind = obj.spec && obj.spec.names && obj.spec.names.kind;
    const version = (wanted[group] || {})[kind];
    if (!version) continue;

    const key = `${kind}.${group}`;
    let graftSource = false;
    if (channel !== undefined) {
      const annotations = (obj.metadata && obj.metadata.annotations) || {};
      const from = annotations[CHANNEL_ANNOTATION];
      graftSource = from === GRAFT_CHANNEL && grafts[key] !== undefined;
      if (from !== channel && !graftSource) {
        if (from === GRAFT_CHANNEL) continue;
        fail(`${input}: ${key} is from the '${from}' channel (expected '${channel}' or '${GRAFT_CHANNEL}')`);
      }
      bundles.add(annotations[BUNDLE_ANNOTATION]);
    }
    if ((graftSource ? graftSources : found).has(key)) fail(`${input}: ${key} is defined more than once`);

    const versions = (obj.spec.versions || []).filter((v) => v.name === version);
    if (versions.length !== 1) fail(`${input}: ${key} has ${versions.length} '${version}' version entries (expected 1)`);
    if (!versions[0].served || !versions[0].storage) fail(`${input}: ${key} ${version} is not the served storage version`);
    if (!versions[0].schema || !versions[0].schema.openAPIV3Schema) fail(`${input}: ${key} ${version} has no openAPIV3Schema`);

    if (graftSource) {
      graftSources.set(key, versions[0].schema.openAPIV3Schema);
      continue;
    }
    obj.spec.versions = versions;
    for (const p of dropSnakeCaseTwins(versions[0].schema.openAPIV3Schema, `${key}/${version}`, [])) {
      process.stderr.write(`filter-crds: dropped snake_case alias ${p} (camelCase twin kept)\n`);
    }
    found.set(key, { obj, version });
  }
}

const missing = [];
for (const [group, kinds] of Object.entries(wanted)) {
  for (const kind of Object.keys(kinds)) {
    if (!found.has(`${kind}.${group}`)) missing.push(`${kind}.${group}`);
  }
}
if (missing.length > 0) fail(`${inputsLabel}: missing CRDs: ${missing.join(', ')}`);
if (bundles.size > 1) fail(`${inputsLabel}: CRDs of several releases: ${[...bundles].join(', ')}`);

for (const [key, paths] of Object.entries(grafts)) {
  const source = graftSources.get(key);
  if (source === undefined) fail(`${inputsLabel}: no ${GRAFT_CHANNEL} CRD of ${key} to take ${paths.join(', ')} from`);
  const { obj, version } = found.get(key);
  for (const path of paths) {
    const names = path.split('.');
    const last = names[names.length - 1];
    const into = parentOf(obj.spec.versions[0].schema.openAPIV3Schema, names);
    const from = parentOf(source, names);
    if (into === undefined || from === undefined) fail(`${key} ${version}: no object schema holds ${path}`);
    if (Object.prototype.hasOwnProperty.call(into.properties, last)) {
      fail(`${key} ${version}: ${path} is in the ${channel} channel already: remove it from the grafts`);
    }
    if (!Object.prototype.hasOwnProperty.call(from.properties, last)) fail(`${key} ${version}: the ${GRAFT_CHANNEL} channel has no ${path}`);
    into.properties[last] = from.properties[last];
    // in the experimental schema's order (the generated toJson writes fields in schema order)
    const order = Object.keys(from.properties);
    const rank = (name) => (order.includes(name) ? order.indexOf(name) : order.length);
    into.properties = Object.fromEntries(Object.entries(into.properties).sort(([a], [b]) => rank(a) - rank(b)));
    process.stderr.write(`filter-crds: ${key} ${version}: took ${path} from the ${GRAFT_CHANNEL} channel\n`);
  }
}

for (const [key, paths] of Object.entries(prune)) {
  const { obj, version } = found.get(key);
  for (const path of paths) {
    const names = path.split('.');
    const last = names[names.length - 1];
    const into = parentOf(obj.spec.versions[0].schema.openAPIV3Schema, names);
    if (into === undefined || !Object.prototype.hasOwnProperty.call(into.properties, last)) fail(`${key} ${version}: no ${path} to leave out`);
    const { description } = into.properties[last];
    into.properties[last] = { description, type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    process.stderr.write(`filter-crds: ${key} ${version}: left out the schema of ${path}\n`);
  }
}

const text = [...found.values()].map(({ obj }) => YAML.stringify(obj, { lineWidth: 0 })).join('---\n');
fs.writeFileSync(output, text);
const from = channel === undefined ? '' : ` (${[...bundles][0]}, ${channel} channel)`;
process.stderr.write(`filter-crds: kept ${found.size} CRDs${from}: ${[...found.entries()].map(([k, { version }]) => `${k} ${version}`).join(', ')}\n`);
