import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ISTIO_KINDS } from '../../src/imports/istio-schemas';
import { isIstioObject, schemaProblems } from '../../src/private/schema';

const vs = (spec: unknown, extra: { [key: string]: unknown } = {}) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews' },
  spec,
  ...extra,
});
const dr = (spec: unknown) => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews' }, spec });
const messages = (o: unknown) => schemaProblems(o).map(p => p.message);
const route = (destination: unknown, more: { [key: string]: unknown } = {}) => ({ hosts: ['reviews'], http: [{ route: [{ destination, ...more }] }] });

describe('schemaProblems', () => {
  test('every Istio object of the analysis fixtures (Istio samples) is well-formed', () => {
    // GIVEN
    const dir = path.join(__dirname, '..', 'fixtures', 'analysis');
    const objects = fs.readdirSync(dir).flatMap(f => YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf-8')).map(d => d.toJSON()));
    const istio = objects.filter(isIstioObject);
    // THEN
    expect(istio.length).toBeGreaterThanOrEqual(10);
    expect(istio.flatMap(o => schemaProblems(o).map(p => `${o.kind} ${o.metadata.name}: ${p.message}`))).toEqual([]);
  });

  test('objects outside Istio\'s API groups are not checked', () => {
    expect(schemaProblems({ apiVersion: 'v1', kind: 'Service', spec: { ports: 'all' } })).toEqual([]);
    expect(schemaProblems({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', spec: null })).toEqual([]);
    expect(schemaProblems('just a string')).toEqual([]);
  });

  test('a field of the wrong type names the field, the type it must have and what was given', () => {
    expect(schemaProblems(vs({ hosts: 'reviews' }))).toEqual([{ path: 'spec.hosts', message: 'spec.hosts must be a list, got a string ("reviews")' }]);
    expect(messages(vs({ hosts: ['reviews'], http: { route: [{ destination: { host: 'reviews' } }] } })))
      .toEqual(['spec.http must be a list, got a mapping']);
    expect(messages(vs({ hosts: [1] }))).toEqual(['spec.hosts[0] must be a string, got an integer (1)']);
    expect(messages(vs({ hosts: ['reviews'] }))).toEqual([]);
  });

  test('integers: 50 is one, "50" and 50.5 are not', () => {
    expect(messages(vs(route({ host: 'reviews' }, { weight: 50 })))).toEqual([]);
    expect(messages(vs(route({ host: 'reviews' }, { weight: '50' })))).toEqual(['spec.http[0].route[0].weight must be an integer, got a string ("50")']);
    expect(messages(vs(route({ host: 'reviews' }, { weight: 50.5 })))).toEqual(['spec.http[0].route[0].weight must be an integer, got a number (50.5)']);
  });

  test('a null spec is refused; a null field inside is pruned like the API server prunes it', () => {
    expect(schemaProblems(vs(null))).toEqual([{ path: 'spec', message: 'spec must be a mapping, got null' }]);
    expect(messages(vs({ hosts: ['reviews'], http: [{ timeout: null, route: [{ destination: { host: 'reviews' } }] }] }))).toEqual([]);
  });

  test('a kind that requires its spec', () => {
    const se = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext' } };
    expect(messages(se)).toEqual(['spec is required']);
    expect(messages({ ...se, spec: { hosts: ['example.com'] } })).toEqual([]);
    // a VirtualService does not require one (Istio's own validation then asks for http, tcp or tls)
    expect(messages({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'x' } })).toEqual([]);
  });

  test('an enum value outside the enum lists the allowed values', () => {
    expect(messages(dr({ host: 'reviews', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }))).toEqual([]);
    expect(messages(dr({ host: 'reviews', trafficPolicy: { loadBalancer: { simple: 'FASTEST' } } }))).toEqual([
      'spec.trafficPolicy.loadBalancer.simple must be one of UNSPECIFIED, LEAST_CONN, RANDOM, PASSTHROUGH, ROUND_ROBIN, LEAST_REQUEST, got a string ("FASTEST")',
    ]);
  });

  test('a required field that is missing', () => {
    expect(messages(vs(route({ subset: 'v1' })))).toEqual(['spec.http[0].route[0].destination.host is required']);
    expect(messages(vs(route({ host: 'reviews', subset: 'v1' })))).toEqual([]);
  });

  test('two fields of a oneof', () => {
    const match = (uri: unknown) => vs({ hosts: ['reviews'], http: [{ match: [{ uri }], route: [{ destination: { host: 'reviews' } }] }] });
    expect(messages(match({ prefix: '/api' }))).toEqual([]);
    expect(messages(match({ prefix: '/api', exact: '/api' }))).toEqual(['spec.http[0].match[0].uri must set at most one of exact, prefix, regex, got exact and prefix']);
  });

  test('an unknown field lists the fields there are', () => {
    expect(messages(vs({ hosts: ['reviews'], host: 'reviews' }))).toEqual([
      'spec.host is not a field of spec (fields: exportTo, gateways, hosts, http, tcp, tls)',
    ]);
    expect(messages({ ...vs({ hosts: ['r'] }), hosts: ['r'] })).toEqual(['hosts is not a field of a VirtualService (fields: apiVersion, kind, metadata, spec, status)']);
  });

  test('map values and keys that are no identifiers', () => {
    const headers = (set: unknown) => vs({ hosts: ['r'], http: [{ headers: { request: { set } }, route: [{ destination: { host: 'r' } }] }] });
    expect(messages(headers({ 'x-version': 'v1' }))).toEqual([]);
    expect(messages(headers({ 'x-version': 1 }))).toEqual(['spec.http[0].headers.request.set["x-version"] must be a string, got an integer (1)']);
    expect(messages(headers(['x-version']))).toEqual(['spec.http[0].headers.request.set must be a mapping, got a list']);
  });

  test('unknown kinds and versions of an Istio group', () => {
    expect(schemaProblems({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualServce', metadata: { name: 'x' } })).toEqual([{
      path: 'kind',
      message: "kind 'VirtualServce' is not a kind of networking.istio.io (kinds: DestinationRule, EnvoyFilter, Gateway, ProxyConfig, "
        + 'ServiceEntry, Sidecar, VirtualService, WorkloadEntry, WorkloadGroup)',
    }]);
    expect(messages({ apiVersion: 'networking.istio.io/v1', kind: 7, metadata: { name: 'x' } })).toEqual(['kind must be a string, got an integer (7)']);
    expect(messages({ apiVersion: 'networking.istio.io/v2', kind: 'VirtualService', metadata: { name: 'x' } })).toEqual([
      "apiVersion 'networking.istio.io/v2' is not served for VirtualService (versions: networking.istio.io/v1, networking.istio.io/v1alpha3, networking.istio.io/v1beta1)",
    ]);
    expect(messages({ ...vs({ hosts: 'r' }), apiVersion: 'networking.istio.io/v1beta1' })).toEqual(['spec.hosts must be a list, got a string ("r")']);
  });

  test('metadata: a name, and string labels and annotations', () => {
    expect(messages({ ...vs({ hosts: ['r'] }), metadata: {} })).toEqual(['metadata.name is required']);
    expect(messages({ ...vs({ hosts: ['r'] }), metadata: { generateName: 'r-' } })).toEqual([]);
    expect(messages({ ...vs({ hosts: ['r'] }), metadata: 'reviews' })).toEqual(['metadata must be a mapping, got a string ("reviews")']);
    expect(messages({ ...vs({ hosts: ['r'] }), metadata: { name: 'r', labels: { version: 2 }, annotations: ['a'] } })).toEqual([
      'metadata.labels.version must be a string, got an integer (2)',
      'metadata.annotations must be a mapping of strings, got a list',
    ]);
  });

  test('kinds without a v1 version are known, their spec is not checked', () => {
    const ef = { apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { name: 'f' }, spec: { anything: 'goes' } };
    expect(messages(ef)).toEqual([]);
    expect(ISTIO_KINDS['networking.istio.io'].EnvoyFilter.spec).toBeUndefined();
  });

  test('at most 50 problems are listed, the rest counted', () => {
    // GIVEN: 60 hosts that are no strings
    const problems = schemaProblems(vs({ hosts: Array.from({ length: 60 }, (_, i) => i) }));
    // THEN
    expect(problems).toHaveLength(51);
    expect(problems[49].message).toBe('spec.hosts[49] must be a string, got an integer (49)');
    expect(problems[50]).toEqual({ path: '', message: 'and 10 more problems' });
  });
});
