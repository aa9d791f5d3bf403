/**
 * Property: of all the rules of the HTTPRoutes attached to a Service, the simulator picks the most
 * specific rule that accepts the request, as an independent statement of the Gateway API's
 * precedence (Istio's reading of it) decides: exact path over prefix over regex, then the longer
 * path value, a method match, more header matches, more query parameter matches; ties go to the
 * first route by namespace and name (no creationTimestamps), then rule order, then match order.
 * The seed is fixed (PROPERTY_SEED overrides it); fast-check prints the counterexample on failure.
 */
import * as fc from 'fast-check';
import { route, service } from './gateway-api-fixtures';
import { RoutedBy, RoutingSimulator } from '../../../src/analysis/simulate/facade';

const SEED = Number(process.env.PROPERTY_SEED ?? 15);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

interface Match {
  path?: { type: 'Exact' | 'PathPrefix' | 'RegularExpression'; value: string };
  method?: string;
  headers?: Array<{ name: string; value: string }>;
  queryParams?: Array<{ name: string; value: string }>;
}

const paths = ['/', '/a', '/a/', '/a/b', '/ab', '/b', '/a/b/c'];
const regexes = ['/a.*', '/[ab]+', '/a/b', '.*', '/b'];
const pathMatch = fc.oneof(
  fc.record({ type: fc.constantFrom('Exact' as const, 'PathPrefix' as const), value: fc.constantFrom(...paths) }),
  fc.record({ type: fc.constant('RegularExpression' as const), value: fc.constantFrom(...regexes) }),
);
const pairs = (names: string[]) => fc.uniqueArray(fc.record({ name: fc.constantFrom(...names), value: fc.constantFrom('1', '2') }),
  { maxLength: 2, selector: p => p.name });
const match: fc.Arbitrary<Match> = fc.record({
  path: pathMatch, method: fc.constantFrom('GET', 'POST'), headers: pairs(['x', 'y']), queryParams: pairs(['q']),
}, { requiredKeys: [] });
/** A rule with 1–2 matches, or none written (the API server's default, PathPrefix /). */
const rule = fc.option(fc.array(match, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 5 });
const routes = fc.array(fc.array(rule, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });
const request = fc.record({
  path: fc.constantFrom(...paths, '/abc', '/b/a'),
  method: fc.constantFrom('GET', 'POST'),
  headers: fc.record({ x: fc.constantFrom('1', '2'), y: fc.constantFrom('1', '2') }, { requiredKeys: [] }),
  query: fc.record({ q: fc.constantFrom('1', '2') }, { requiredKeys: [] }),
});

type Request = typeof request extends fc.Arbitrary<infer R> ? R : never;

/** Whether a match accepts a request (written from the Gateway API's description, not the simulator's code). */
function accepts(m: Match, r: Request): boolean {
  const p = m.path ?? { type: 'PathPrefix', value: '/' };
  let pathOk: boolean;
  if (p.type === 'Exact') {pathOk = r.path === p.value;} else if (p.type === 'RegularExpression') {pathOk = new RegExp(`^(?:${p.value})$`).test(r.path);} else {
    const segments = p.value.split('/').filter(s => s !== '');
    const requested = r.path.split('/').filter(s => s !== '');
    pathOk = segments.every((s, i) => requested[i] === s) && (r.path === '/' ? segments.length === 0 : true);
  }
  const headers = r.headers as Record<string, string>;
  const query = r.query as Record<string, string>;
  return pathOk && (m.method === undefined || m.method === r.method)
    && (m.headers ?? []).every(h => headers[h.name] === h.value)
    && (m.queryParams ?? []).every(q => query[q.name] === q.value);
}

/** A match's specificity as a tuple, greater first. */
function specificity(m: Match): number[] {
  const p = m.path ?? { type: 'PathPrefix', value: '/' };
  const rank = { Exact: 3, PathPrefix: 2, RegularExpression: 1 }[p.type];
  const length = p.type === 'PathPrefix' && p.value !== '/' ? p.value.replace(/\/$/, '').length : p.value.length;
  return [rank, length, m.method ? 1 : 0, (m.headers ?? []).length, (m.queryParams ?? []).length];
}

function moreSpecific(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
}

test(`the chosen rule is the most specific accepting rule of all routes (seed ${SEED}, ${RUNS} runs)`, () => {
  fc.assert(fc.property(routes, request, (written, req) => {
    // GIVEN routes r0, r1 … with their rules, every rule sending to its own Service
    const manifests: any[] = [service('reviews')];
    const candidates: Array<{ name: string; rule: number; match?: number; m: Match; order: number }> = [];
    written.forEach((rules, ri) => {
      const name = `r${ri}`;
      manifests.push(route(name, rules.map((ms, i) => {
        manifests.push(service(`${name}-${i}`));
        return { ...ms ? { matches: ms } : {}, backendRefs: [{ name: `${name}-${i}`, port: 80 }] };
      })));
      rules.forEach((ms, i) => (ms ?? [{}]).forEach((m, j) =>
        candidates.push({ name, rule: i, match: ms ? j : undefined, m, order: candidates.length })));
    });
    // WHEN
    const answer = RoutingSimulator.of(manifests).route({
      host: 'reviews', path: req.path + (req.query.q ? `?q=${req.query.q}` : ''), method: req.method, headers: req.headers as Record<string, string>,
    });
    // THEN
    const best = candidates.filter(c => accepts(c.m, req))
      .sort((a, b) => moreSpecific(specificity(a.m), specificity(b.m)) || a.order - b.order)[0];
    if (!best) {
      expect([answer.routedBy, answer.status]).toEqual([RoutedBy.NONE, 404]);
    } else {
      expect(answer.rule).toEqual({ kind: 'HTTPRoute', namespace: 'default', name: best.name, index: best.rule, ...best.match !== undefined ? { matchIndex: best.match } : {} });
      expect(answer.destinations.map(d => d.service)).toEqual([`default/${best.name}-${best.rule}`]);
    }
  }), { seed: SEED, numRuns: RUNS });
});
