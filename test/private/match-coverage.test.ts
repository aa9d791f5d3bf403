import {
  boundGateways, httpMatchAdmitsAll, httpMatchCovers, matchGateways, MatchScope, resolveGatewayName, tcpMatchAdmitsAll, tcpMatchCovers,
} from '../../src/private/match-coverage';

const MESH: MatchScope = { namespace: 'default', gateways: [] };
const ONE_PORT: MatchScope = { ...MESH, ports: [9080] };
const TWO_PORTS: MatchScope = { ...MESH, ports: [9080, 9090] };
const INGRESS: MatchScope = { namespace: 'shop', gateways: ['ingress', 'mesh'] };

describe('gateway names, as Istio resolves them', () => {
  test.each([
    ['mesh', 'mesh'], ['ingress', 'shop/ingress'], ['istio-system/ingress', 'istio-system/ingress'], ['./ingress', 'shop/ingress'],
    ['ingress.istio-system', 'istio-system/ingress'], ['ingress.istio-system.svc.cluster.local', 'istio-system/ingress'],
  ])('%p in namespace shop is %p', (name, resolved) => {
    expect(resolveGatewayName(name, 'shop')).toBe(resolved);
  });

  test('a VirtualService without gateways is bound to the mesh', () => {
    expect(boundGateways(MESH)).toEqual(['mesh']);
    expect(boundGateways(INGRESS)).toEqual(['shop/ingress', 'mesh']);
  });

  test("a match applies at its own gateways among the VirtualService's, else at all of them", () => {
    expect(matchGateways({}, INGRESS)).toEqual(['shop/ingress', 'mesh']);
    expect(matchGateways({ gateways: ['shop/ingress', 'other'] }, INGRESS)).toEqual(['shop/ingress']);
    expect(matchGateways({ gateways: ['other'] }, INGRESS)).toEqual([]);
  });
});

describe('HTTP matches that admit every request', () => {
  test.each([
    ['no match', undefined, MESH],
    ['an empty match', {}, MESH],
    ['a URI without a match type', { uri: {} }, MESH],
    ['unset fields (null, undefined)', { uri: null, method: undefined }, MESH],
    ['an empty prefix', { uri: { prefix: '' } }, MESH],
    ['a universal regex', { uri: { regex: '^(?s:.*)$' } }, MESH],
    ['a method without a match type', { method: {} }, MESH],
    ['zero values of every field', { port: 0, sourceNamespace: '', sourceLabels: {}, gateways: [], headers: {}, queryParams: {}, withoutHeaders: {}, statPrefix: 's' }, MESH],
    ['the only port', { port: 9080 }, ONE_PORT],
    ["all of the VirtualService's gateways", { gateways: ['mesh', 'shop/ingress'] }, INGRESS],
    ['a :path header admitting every path', { headers: { ':path': { regex: '/.*' } } }, MESH],
  ])('%s', (_, match, scope) => {
    expect(httpMatchAdmitsAll(match, scope)).toBe(true);
  });

  test.each([
    ['a port when ports are unknown', { port: 9080 }, MESH],
    ['a port of two', { port: 9080 }, TWO_PORTS],
    ['one of two gateways', { gateways: ['mesh'] }, INGRESS],
    ['a header', { headers: { 'x-a': {} } }, MESH],
    ['a query parameter', { queryParams: { q: { regex: '.*' } } }, MESH],
    ['an exclusion', { withoutHeaders: { 'x-a': {} } }, MESH],
    ['source labels', { sourceLabels: { app: 'a' } }, MESH],
    ['a source namespace', { sourceNamespace: 'a' }, MESH],
    ['an exact method', { method: { exact: 'GET' } }, MESH],
    ['a URI with two match types', { uri: { prefix: '/', exact: '/' } }, MESH],
    ['a URI that is no object', { uri: '/' }, MESH],
    ['a regex Go refuses', { uri: { regex: '(' } }, MESH],
    ['a field this library does not know', { sourceSubnet: '10.0.0.0/8' }, MESH],
    ['a match that is no object', 'all', MESH],
  ])('not %s', (_, match, scope) => {
    expect(httpMatchAdmitsAll(match, scope)).toBe(false);
  });
});

describe('one HTTP match covering another', () => {
  test.each([
    ['a prefix covers a longer prefix', { uri: { prefix: '/a' } }, { uri: { prefix: '/ab' } }],
    ['a prefix covers an exact path under it', { uri: { prefix: '/a' } }, { uri: { exact: '/a/b' } }],
    ['an exact path covers itself', { uri: { exact: '/a' } }, { uri: { exact: '/a' } }],
    ['a case-insensitive prefix covers other cases', { uri: { prefix: '/A' }, ignoreUriCase: true }, { uri: { prefix: '/a/b' } }],
    ['a case-insensitive exact path covers a case-insensitive one', { uri: { exact: '/A' }, ignoreUriCase: true }, { uri: { exact: '/a' }, ignoreUriCase: true }],
    ['a case-sensitive prefix covers a case-insensitive one without letters', { uri: { prefix: '/1' } }, { uri: { prefix: '/12' }, ignoreUriCase: true }],
    ['a regex covers itself', { method: { regex: 'GET|PUT' } }, { method: { regex: 'GET|PUT' } }],
    ['a presence match covers any value of the header', { headers: { a: {} } }, { headers: { a: { regex: 'x' } } }],
    ['a pseudo-header admitting everything needs nothing', { headers: { ':method': { regex: '.*' } } }, {}],
    ['fewer labels cover more', { sourceLabels: { a: '1' } }, { sourceLabels: { a: '1', b: '2' } }],
    ['the same exclusions', { withoutHeaders: { a: { exact: '1' } } }, { withoutHeaders: { a: { exact: '1' } }, port: 80 }],
    ['the same source namespace', { sourceNamespace: 'a' }, { sourceNamespace: 'a' }],
    ['all gateways cover one', {}, { gateways: ['mesh'] }],
  ])('%s', (_, a, b) => {
    expect(httpMatchCovers(a, b, INGRESS)).toBe(true);
  });

  test.each([
    ['a longer prefix does not cover a shorter one', { uri: { prefix: '/ab' } }, { uri: { prefix: '/a' } }],
    ['an exact path does not cover a prefix', { uri: { exact: '/a' } }, { uri: { prefix: '/a' } }],
    ['a prefix does not cover a regex', { uri: { prefix: '/a' } }, { uri: { regex: '/a.*' } }],
    ['a regex does not cover an exact value it matches', { uri: { regex: '/a.*' } }, { uri: { exact: '/ab' } }],
    ['a case-sensitive prefix does not cover a case-insensitive one', { uri: { prefix: '/a' } }, { uri: { prefix: '/ab' }, ignoreUriCase: true }],
    ['a header condition the other lacks', { headers: { a: {} } }, {}],
    ['a URI condition the other lacks', { uri: { prefix: '/a' } }, {}],
    ['a header condition that is null on the other side', { headers: { a: {} } }, { headers: { a: null } }],
    ['a query parameter of another value', { queryParams: { q: { exact: '1' } } }, { queryParams: { q: { exact: '2' } } }],
    ['other exclusions', { withoutHeaders: { a: { exact: '1' } } }, { withoutHeaders: { a: { exact: '2' } } }],
    ['exclusions of no object', { withoutHeaders: 'a' }, {}],
    ['more labels do not cover fewer', { sourceLabels: { a: '1', b: '2' } }, { sourceLabels: { a: '1' } }],
    ['labels of no object', { sourceLabels: ['a'] }, {}],
    ['one gateway does not cover all', { gateways: ['mesh'] }, {}],
    ['another port', { port: 80 }, { port: 81 }],
    ['a method against an unknown method', { method: { exact: 'GET' } }, { method: { glob: 'G*' } }],
    ['headers of no object', { headers: ['a'] }, {}],
  ])('%s', (_, a, b) => {
    expect(httpMatchCovers(a, b, INGRESS)).toBe(false);
  });
});

describe('TCP matches', () => {
  test.each([
    ['an empty match admits every connection', {}, ONE_PORT, true],
    ['the only port admits every connection', { port: 9080 }, ONE_PORT, true],
    ['a port of two does not', { port: 9080 }, TWO_PORTS, false],
    ['a subnet does not', { destinationSubnets: ['10.0.0.0/8'] }, ONE_PORT, false],
    ['an unknown field does not', { sourceSubnet: '10.0.0.0/8' }, ONE_PORT, false],
  ])('%s', (_, match, scope, all) => {
    expect(tcpMatchAdmitsAll(match, scope)).toBe(all);
  });

  test.each([
    ['the same subnets', { destinationSubnets: ['10.0.0.0/8', '10.1.0.0/16'] }, { destinationSubnets: ['10.1.0.0/16'] }, true],
    ['subnets the other lacks', { destinationSubnets: ['10.0.0.0/8'] }, {}, false],
    ['other subnets', { destinationSubnets: ['10.0.0.0/8'] }, { destinationSubnets: ['10.2.0.0/16'] }, false],
    ['the same labels, namespace and gateways', { sourceLabels: { a: '1' }, sourceNamespace: 'x', gateways: ['mesh'] }, { sourceLabels: { a: '1' }, sourceNamespace: 'x', gateways: ['mesh'] }, true],
    ['another namespace', { sourceNamespace: 'x' }, { sourceNamespace: 'y' }, false],
    ['a match of no object', 'x', {}, false],
    ['a null match', null, { port: 1 }, true],
  ])('%s', (_, a, b, covered) => {
    expect(tcpMatchCovers(a, b, MESH)).toBe(covered);
  });
});
