import { httpMatchAccepts, MatchContext, ruleMatches } from '../../../src/analysis/simulate/match';
import { normalizeRequest } from '../../../src/analysis/simulate/normalize';
import { SimulatedRequest } from '../../../src/analysis/simulate/types';
import { buildWorld } from '../../../src/analysis/simulate/world';

const WORLD = buildWorld([]);
const MESH: MatchContext = { gateway: 'mesh', proxyLabels: { app: 'productpage', version: 'v1' }, proxyNamespace: 'default', vsNamespace: 'default' };

/** Whether `match` accepts `request` at a sidecar in default (labels app=productpage, version=v1), with the caveats it gives. */
function accepts(match: any, request: Partial<SimulatedRequest> = {}, ctx: MatchContext = MESH): boolean {
  return httpMatchAccepts(match, normalizeRequest(WORLD, { host: 'reviews', ...request }), ctx, []);
}

function caveatsOf(match: any, request: Partial<SimulatedRequest> = {}): string[] {
  const caveats: string[] = [];
  httpMatchAccepts(match, normalizeRequest(WORLD, { host: 'reviews', ...request }), MESH, caveats);
  return caveats;
}

describe('uri', () => {
  test('GIVEN exact, THEN the whole path must be equal, the query aside', () => {
    expect(accepts({ uri: { exact: '/a' } }, { path: '/a' })).toBe(true);
    expect(accepts({ uri: { exact: '/a' } }, { path: '/a?x=1' })).toBe(true);
    expect(accepts({ uri: { exact: '/a' } }, { path: '/a/' })).toBe(false);
    expect(accepts({ uri: { exact: '/a' } }, { path: '/A' })).toBe(false);
  });

  test('GIVEN prefix, THEN the path must start with it (not at a segment boundary)', () => {
    expect(accepts({ uri: { prefix: '/api' } }, { path: '/api' })).toBe(true);
    expect(accepts({ uri: { prefix: '/api' } }, { path: '/apiv2' })).toBe(true);
    expect(accepts({ uri: { prefix: '/api' } }, { path: '/ap' })).toBe(false);
    expect(accepts({ uri: { prefix: '/' } }, {})).toBe(true);
  });

  test('GIVEN regex, THEN it must match the whole path (RE2 full match)', () => {
    expect(accepts({ uri: { regex: '/v[0-9]+/.*' } }, { path: '/v12/x' })).toBe(true);
    expect(accepts({ uri: { regex: '/v[0-9]+' } }, { path: '/v12/x' })).toBe(false);
    expect(accepts({ uri: { regex: '/v[0-9]+' } }, { path: '/x/v12' })).toBe(false);
  });

  test('GIVEN ignoreUriCase, THEN exact and prefix ignore case, regex does not', () => {
    expect(accepts({ uri: { exact: '/Login' }, ignoreUriCase: true }, { path: '/LOGIN' })).toBe(true);
    expect(accepts({ uri: { prefix: '/Api' }, ignoreUriCase: true }, { path: '/apI/x' })).toBe(true);
    expect(accepts({ uri: { regex: '/login' }, ignoreUriCase: true }, { path: '/LOGIN' })).toBe(false);
    expect(accepts({ uri: { exact: '/Login' }, ignoreUriCase: false }, { path: '/LOGIN' })).toBe(false);
  });
});

describe('method, scheme, authority', () => {
  test('GIVEN method exact, THEN the method (upper-cased as sent) must be equal', () => {
    expect(accepts({ method: { exact: 'POST' } }, { method: 'post' })).toBe(true);
    expect(accepts({ method: { exact: 'POST' } }, {})).toBe(false);
  });

  test('GIVEN scheme, THEN it is matched against the request scheme, http by default', () => {
    expect(accepts({ scheme: { exact: 'http' } }, {})).toBe(true);
    expect(accepts({ scheme: { exact: 'https' } }, {})).toBe(false);
    expect(accepts({ scheme: { exact: 'https' } }, { scheme: 'https' })).toBe(true);
  });

  test('GIVEN authority, THEN it is matched against the Host as written, port included', () => {
    expect(accepts({ authority: { exact: 'reviews' } }, {})).toBe(true);
    expect(accepts({ authority: { prefix: 'reviews' } }, { host: 'reviews:9080' })).toBe(true);
    expect(accepts({ authority: { exact: 'reviews' } }, { host: 'reviews:9080' })).toBe(false);
  });
});

describe('headers and withoutHeaders', () => {
  test('GIVEN a header match, THEN names ignore case and an absent header fails', () => {
    expect(accepts({ headers: { 'end-user': { exact: 'jason' } } }, { headers: { 'End-User': 'jason' } })).toBe(true);
    expect(accepts({ headers: { 'End-User': { exact: 'jason' } } }, { headers: { 'end-user': 'jason' } })).toBe(true);
    expect(accepts({ headers: { 'end-user': { exact: 'jason' } } }, { headers: { 'end-user': 'Jason' } })).toBe(false);
    expect(accepts({ headers: { 'end-user': { prefix: '' } } }, {})).toBe(false);
  });

  test('GIVEN an empty header match or regex "*", THEN the header only has to be present', () => {
    expect(accepts({ headers: { 'x-canary': {} } }, { headers: { 'x-canary': '' } })).toBe(true);
    expect(accepts({ headers: { 'x-canary': {} } }, {})).toBe(false);
    expect(accepts({ headers: { 'x-canary': { regex: '*' } } }, { headers: { 'x-canary': 'a' } })).toBe(true);
    expect(accepts({ headers: { 'x-canary': { regex: '*' } } }, {})).toBe(false);
  });

  test('GIVEN several headers, THEN all must match', () => {
    const match = { headers: { a: { exact: '1' }, b: { exact: '2' } } };
    expect(accepts(match, { headers: { a: '1', b: '2' } })).toBe(true);
    expect(accepts(match, { headers: { a: '1' } })).toBe(false);
  });

  test('GIVEN withoutHeaders, THEN a header that matches fails; an absent one is read as empty', () => {
    expect(accepts({ withoutHeaders: { 'end-user': { exact: 'jason' } } }, {})).toBe(true);
    expect(accepts({ withoutHeaders: { 'end-user': { exact: 'jason' } } }, { headers: { 'end-user': 'mary' } })).toBe(true);
    expect(accepts({ withoutHeaders: { 'end-user': { exact: 'jason' } } }, { headers: { 'end-user': 'jason' } })).toBe(false);
    // the empty value matches exact '' and regex '.*', so an absent header fails them
    expect(accepts({ withoutHeaders: { 'end-user': { exact: '' } } }, {})).toBe(false);
    expect(accepts({ withoutHeaders: { 'end-user': { regex: '.*' } } }, {})).toBe(false);
  });

  test('GIVEN withoutHeaders with a presence match, THEN the header must be absent', () => {
    expect(accepts({ withoutHeaders: { 'x-debug': {} } }, {})).toBe(true);
    expect(accepts({ withoutHeaders: { 'x-debug': {} } }, { headers: { 'x-debug': '' } })).toBe(false);
  });

  test('GIVEN a header match on JWT claims, THEN it is taken as not matching, with a caveat', () => {
    expect(caveatsOf({ headers: { '@request.auth.claims.group': { exact: 'admin' } } })).toEqual([
      'a header match on @request.auth.claims.group reads the claims of a validated JWT, which the request does not describe: taken as not matching',
    ]);
  });
});

describe('queryParams', () => {
  test('GIVEN a query parameter match, THEN the path\'s query and queryParams are read, queryParams winning', () => {
    expect(accepts({ queryParams: { v: { exact: '2' } } }, { path: '/x?v=2' })).toBe(true);
    expect(accepts({ queryParams: { v: { exact: '2' } } }, { queryParams: { v: '2' } })).toBe(true);
    expect(accepts({ queryParams: { v: { exact: '2' } } }, { path: '/x?v=2', queryParams: { v: '3' } })).toBe(false);
    expect(accepts({ queryParams: { v: { exact: '2' } } }, { path: '/x?w=2' })).toBe(false);
  });

  test('GIVEN a repeated parameter, THEN its first value is matched', () => {
    expect(accepts({ queryParams: { v: { exact: '1' } } }, { path: '/x?v=1&v=2' })).toBe(true);
    expect(accepts({ queryParams: { v: { exact: '2' } } }, { path: '/x?v=1&v=2' })).toBe(false);
  });

  test('GIVEN a presence match, THEN a parameter without value is present', () => {
    expect(accepts({ queryParams: { debug: {} } }, { path: '/x?debug' })).toBe(true);
    expect(accepts({ queryParams: { debug: {} } }, { path: '/x' })).toBe(false);
  });
});

describe('port, sources, gateways', () => {
  test('GIVEN port, THEN it must be the port the request is sent to', () => {
    expect(accepts({ port: 9080 }, { port: 9080 })).toBe(true);
    expect(accepts({ port: 9080 }, { port: 9081 })).toBe(false);
  });

  test('GIVEN sourceLabels, THEN the proxy\'s labels must include them', () => {
    expect(accepts({ sourceLabels: { app: 'productpage' } })).toBe(true);
    expect(accepts({ sourceLabels: { app: 'productpage', version: 'v1' } })).toBe(true);
    expect(accepts({ sourceLabels: { app: 'productpage', version: 'v2' } })).toBe(false);
  });

  test('GIVEN sourceNamespace, THEN it must be the proxy\'s namespace', () => {
    expect(accepts({ sourceNamespace: 'default' })).toBe(true);
    expect(accepts({ sourceNamespace: 'other' })).toBe(false);
  });

  test('GIVEN gateways in a match, THEN the match applies only at them, short names resolved in the VirtualService\'s namespace', () => {
    const atGateway: MatchContext = { ...MESH, gateway: 'default/web' };
    expect(accepts({ gateways: ['mesh'] })).toBe(true);
    expect(accepts({ gateways: ['web'] })).toBe(false);
    expect(accepts({ gateways: ['web'] }, {}, atGateway)).toBe(true);
    expect(accepts({ gateways: ['default/web'] }, {}, atGateway)).toBe(true);
    expect(accepts({ gateways: ['other/web'] }, {}, atGateway)).toBe(false);
  });
});

describe('a rule\'s matches', () => {
  const request = normalizeRequest(WORLD, { host: 'reviews', path: '/b', headers: { x: '1' } });

  test('GIVEN no match, THEN the rule matches every request, without a match index', () => {
    expect(ruleMatches({ route: [] }, request, MESH, [])).toEqual({});
    expect(ruleMatches({ match: [] }, request, MESH, [])).toEqual({});
  });

  test('GIVEN several matches, THEN they are OR-ed and the first that accepts is reported', () => {
    expect(ruleMatches({ match: [{ uri: { exact: '/a' } }, { uri: { exact: '/b' } }, { headers: { x: {} } }] }, request, MESH, [])).toEqual({ matchIndex: 1 });
    expect(ruleMatches({ match: [{ uri: { exact: '/a' } }, { uri: { exact: '/c' } }] }, request, MESH, [])).toBeUndefined();
  });

  test('GIVEN conditions within one match, THEN they are AND-ed', () => {
    expect(ruleMatches({ match: [{ uri: { exact: '/b' }, headers: { x: { exact: '2' } } }] }, request, MESH, [])).toBeUndefined();
    expect(ruleMatches({ match: [{ uri: { exact: '/b' }, headers: { x: { exact: '1' } } }] }, request, MESH, [])).toEqual({ matchIndex: 0 });
  });
});
