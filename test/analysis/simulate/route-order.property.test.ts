/**
 * Properties of the route order: for random VirtualService rule lists and random requests, the
 * simulator's answer is the first rule whose matches accept the request, as an independent oracle
 * (written here, plainly, from Istio's documentation) decides; a catch-all rule placed first
 * shadows every rule after it; and the shares of a weighted route always sum to 100.
 *
 * The seed is fixed (PROPERTY_SEED overrides it, PROPERTY_RUNS the number of cases); fast-check
 * prints the seed and the shrunk counterexample on failure.
 */
import * as fc from 'fast-check';
import { RoutedBy, RoutingSimulator, SimulatedRequest } from '../../../src/analysis/simulate/facade';
import { PROPERTY_RUNS, PROPERTY_SEED } from '../../util/mesh-outcome';

const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'reviews', namespace: 'default' },
  spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }, { name: 'http-admin', port: 9081 }] },
};

const PATHS = ['/', '/a', '/a/b', '/ab', '/b'];
const VALUES = ['1', '12', '2'];

/** A string match over a small alphabet, so that random requests often meet it. */
const stringMatch = (values: string[]) => fc.oneof(
  fc.constantFrom(...values).map(v => ({ exact: v })),
  fc.constantFrom(...values).map(v => ({ prefix: v })),
);

/** One HTTPMatchRequest: a random subset of conditions. */
const match = fc.record({
  uri: stringMatch(PATHS),
  method: fc.constantFrom('GET', 'POST').map(m => ({ exact: m })),
  headers: fc.dictionary(fc.constantFrom('x-a', 'x-b'), fc.oneof(stringMatch(VALUES), fc.constant({})), { maxKeys: 2 }),
  withoutHeaders: fc.dictionary(fc.constantFrom('x-a', 'x-b'), stringMatch(VALUES), { maxKeys: 1 }),
  queryParams: fc.dictionary(fc.constantFrom('v'), stringMatch(VALUES), { maxKeys: 1 }),
  port: fc.constantFrom(9080, 9081),
}, { requiredKeys: [] });

/** A rule: no match (a catch-all), or one to three matches. */
const rule = fc.option(fc.array(match, { minLength: 1, maxLength: 3 }), { nil: undefined });

const request: fc.Arbitrary<SimulatedRequest> = fc.record({
  host: fc.constant('reviews'),
  port: fc.constantFrom(9080, 9081),
  path: fc.constantFrom(...PATHS),
  method: fc.constantFrom('GET', 'POST'),
  headers: fc.dictionary(fc.constantFrom('x-a', 'X-B'), fc.constantFrom(...VALUES), { maxKeys: 2 }),
  queryParams: fc.dictionary(fc.constantFrom('v'), fc.constantFrom(...VALUES), { maxKeys: 1 }),
});

/** The oracle: Istio's documented semantics, written independently of the simulator. */
function oracleStringMatch(m: any, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (m.exact !== undefined) return value === m.exact;
  if (m.prefix !== undefined) return value.startsWith(m.prefix);
  return true; // {}: presence
}

function oracleMatch(m: any, r: SimulatedRequest): boolean {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
  if (m.uri && !oracleStringMatch(m.uri, r.path)) return false;
  if (m.method && !oracleStringMatch(m.method, r.method)) return false;
  if (m.port !== undefined && m.port !== r.port) return false;
  for (const [name, sm] of Object.entries<any>(m.headers ?? {})) if (!oracleStringMatch(sm, headers[name])) return false;
  // an absent header is read as empty by withoutHeaders
  for (const [name, sm] of Object.entries<any>(m.withoutHeaders ?? {})) if (oracleStringMatch(sm, headers[name] ?? '')) return false;
  for (const [name, sm] of Object.entries<any>(m.queryParams ?? {})) if (!oracleStringMatch(sm, r.queryParams?.[name])) return false;
  return true;
}

/** The index of the first rule that takes the request, or -1. */
function oracleFirstRule(rules: Array<any[] | undefined>, r: SimulatedRequest): number {
  return rules.findIndex(matches => matches === undefined || matches.some(m => oracleMatch(m, r)));
}

function simulator(rules: Array<any[] | undefined>): RoutingSimulator {
  const vs = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'reviews', namespace: 'default' },
    spec: { hosts: ['reviews'], http: rules.map((matches, i) => ({ ...matches ? { match: matches } : {}, directResponse: { status: 200 + i } })) },
  };
  return RoutingSimulator.of([SERVICE, vs]);
}

describe('route order', () => {
  test(`the first rule whose matches accept the request routes it (seed ${PROPERTY_SEED}, ${PROPERTY_RUNS} cases)`, () => {
    let routed = 0;
    fc.assert(fc.property(fc.array(rule, { minLength: 1, maxLength: 6 }), fc.array(request, { minLength: 1, maxLength: 5 }), (rules, requests) => {
      const sim = simulator(rules);
      for (const r of requests) {
        const expected = oracleFirstRule(rules, r);
        const route = sim.route(r);
        if (expected < 0) {
          expect([route.routedBy, route.status, route.rule]).toEqual([RoutedBy.NONE, 404, undefined]);
        } else {
          expect([route.routedBy, route.rule?.index, route.status]).toEqual([RoutedBy.VIRTUAL_SERVICE, expected, 200 + expected]);
          const matches = rules[expected];
          // the reported match is the first of the rule that accepts the request
          expect(route.rule?.matchIndex).toBe(matches === undefined ? undefined : matches.findIndex(m => oracleMatch(m, r)));
          routed++;
        }
      }
    }), { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS });
    // the generators produce both outcomes
    expect(routed).toBeGreaterThan(PROPERTY_RUNS / 4);
  });

  test('a catch-all rule placed first shadows every rule after it', () => {
    fc.assert(fc.property(fc.array(rule, { maxLength: 5 }), request, (rules, r) => {
      const route = simulator([undefined, ...rules]).route(r);
      expect([route.rule?.index, route.status]).toEqual([0, 200]);
    }), { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS });
  });
});

describe('weighted routes', () => {
  test('the shares of the destinations that get traffic sum to 100 and follow the weights', () => {
    const weights = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 5 }).filter(ws => ws.length === 1 || ws.some(w => w > 0));
    fc.assert(fc.property(weights, ws => {
      const dr = {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: 'reviews', namespace: 'default' },
        spec: { host: 'reviews', subsets: ws.map((_, i) => ({ name: `v${i}`, labels: { version: `v${i}` } })) },
      };
      const vs = {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'reviews', namespace: 'default' },
        spec: { hosts: ['reviews'], http: [{ route: ws.map((w, i) => ({ destination: { host: 'reviews', subset: `v${i}` }, weight: w })) }] },
      };
      const destinations = RoutingSimulator.of([SERVICE, dr, vs]).route({ host: 'reviews', port: 9080 }).destinations;
      expect(destinations.reduce((sum, d) => sum + Math.round(d.weight * 100), 0)).toBe(10000);
      const total = ws.reduce((a, b) => a + b, 0);
      for (const d of destinations) {
        const i = Number(d.subset!.slice(1));
        const exact = ws.length === 1 ? 100 : (ws[i] * 100) / total;
        expect(Math.abs(d.weight - exact)).toBeLessThanOrEqual(0.01);
        expect(d.weight).toBeGreaterThan(0);
      }
      // a destination of weight 0 among several gets nothing, and is not listed
      expect(destinations.length).toBe(ws.length === 1 ? 1 : ws.filter(w => w > 0).length);
    }), { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS });
  });
});
