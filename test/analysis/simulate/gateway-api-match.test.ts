import {
  comparePrecedence, EntryMatch, entryAccepts, grpcEntryMatch, httpEntryMatch, isCatchAll, MatchError, MatchRequest, RegexCompiler, RouteEntry,
  routeEntries, sortByPrecedence, untilCatchAll, uriMatches,
} from '../../../src/analysis/simulate/gateway-api-match';

/** Whole-value regexes in JavaScript syntax (the RE2 translation is the simulator's regex.ts). */
const jsRegex: RegexCompiler = pattern => {
  try {
    const re = new RegExp(`^(?:${pattern})$`);
    return { test: (v: string) => re.test(v) };
  } catch {
    return { problem: `bad regex ${pattern}` };
  }
};

const request = (over: Partial<MatchRequest> = {}): MatchRequest => ({ path: '/', method: 'GET', headers: {}, query: {}, port: 80, ...over });
const entry = (match: any, over: Partial<RouteEntry> = {}): RouteEntry =>
  ({ kind: 'HTTPRoute', namespace: 'default', name: 'r', ruleIndex: 0, matchIndex: 0, match: httpEntryMatch(match), ...over });
const accepts = (e: RouteEntry, r: MatchRequest, problems: string[] = []) => entryAccepts(e, r, jsRegex, problems);
const prefix = (value: string) => ({ path: { type: 'PathPrefix', value } });
const exact = (value: string) => ({ path: { type: 'Exact', value } });

describe('path matches', () => {
  test.each([
    ['/foo', '/foo', true],
    ['/foo', '/foo/bar', true],
    ['/foo', '/foobar', false],
    ['/foo', '/fo', false],
    ['/foo/', '/foo', true],
    ['/foo/', '/foo/bar', true],
    ['/foo/', '/foobar', false],
    ['/', '/anything', true],
    ['/', '/', true],
  ])('PathPrefix %s against %s: %s (segment-wise; a trailing slash is ignored)', (value, path, expected) => {
    // GIVEN
    const e = entry(prefix(value));
    // WHEN / THEN
    expect(accepts(e, request({ path }))).toBe(expected);
  });

  test.each([
    ['/foo', '/foo', true],
    ['/foo', '/foo/', false],
    ['/foo', '/Foo', false],
  ])('Exact %s against %s: %s (case-sensitive, whole path)', (value, path, expected) => {
    expect(accepts(entry(exact(value)), request({ path }))).toBe(expected);
  });

  test('a RegularExpression must match the whole path', () => {
    // GIVEN
    const e = entry({ path: { type: 'RegularExpression', value: '/v[0-9]+/.*' } });
    // WHEN / THEN
    expect(accepts(e, request({ path: '/v2/items' }))).toBe(true);
    expect(accepts(e, request({ path: '/api/v2/items' }))).toBe(false);
  });

  test('a regex that cannot be evaluated does not match, and says why', () => {
    // GIVEN
    const problems: string[] = [];
    // WHEN
    const matched = accepts(entry({ path: { type: 'RegularExpression', value: '/(' } }), request({ path: '/(' }), problems);
    // THEN
    expect(matched).toBe(false);
    expect(problems).toEqual(['bad regex /(']);
  });

  test('a match without path is the API server\'s default, PathPrefix /', () => {
    expect(httpEntryMatch({ method: 'GET' }).uri).toEqual({ type: 'prefix', value: '/' });
  });

  test('an unknown path type is refused as Istio refuses it', () => {
    expect(() => httpEntryMatch({ path: { type: 'Glob', value: '/x' } })).toThrow(new MatchError('unknown type: "Glob" is not supported Path match type'));
  });

  test('the prefix of a URI match is tested segment-wise even when written with a trailing slash (gRPC service prefixes)', () => {
    expect(uriMatches({ type: 'prefix', value: '/pkg.Svc/' }, '/pkg.Svc/Get', jsRegex, [])).toBe(true);
    expect(uriMatches({ type: 'prefix', value: '/pkg.Svc/' }, '/pkg.SvcX/Get', jsRegex, [])).toBe(false);
  });
});

describe('method, header and query parameter matches', () => {
  test('the method must be the same, exactly', () => {
    const e = entry({ ...prefix('/'), method: 'POST' });
    expect(accepts(e, request({ method: 'POST' }))).toBe(true);
    expect(accepts(e, request({ method: 'GET' }))).toBe(false);
  });

  test('header names match case-insensitively, values exactly', () => {
    // GIVEN
    const e = entry({ ...prefix('/'), headers: [{ name: 'End-User', value: 'jason' }] });
    // WHEN / THEN
    expect(accepts(e, request({ headers: { 'end-user': 'jason' } }))).toBe(true);
    expect(accepts(e, request({ headers: { 'end-user': 'Jason' } }))).toBe(false);
    expect(accepts(e, request({ headers: {} }))).toBe(false);
  });

  test('every header match must hold; a regex header match is a whole-value match', () => {
    const e = entry({ ...prefix('/'), headers: [{ name: 'a', value: '1' }, { name: 'b', type: 'RegularExpression', value: 'x+' }] });
    expect(accepts(e, request({ headers: { a: '1', b: 'xxx' } }))).toBe(true);
    expect(accepts(e, request({ headers: { a: '1', b: 'xxy' } }))).toBe(false);
    expect(accepts(e, request({ headers: { b: 'xxx' } }))).toBe(false);
  });

  test('query parameter names are case-sensitive', () => {
    const e = entry({ ...prefix('/'), queryParams: [{ name: 'debug', value: '1' }] });
    expect(accepts(e, request({ query: { debug: '1' } }))).toBe(true);
    expect(accepts(e, request({ query: { Debug: '1' } }))).toBe(false);
    expect(accepts(e, request({ query: { debug: '2' } }))).toBe(false);
  });

  test('a later header match of the same name replaces an earlier one (Istio converts them to a map)', () => {
    const m = httpEntryMatch({ headers: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] });
    expect(m.headers).toEqual({ a: { type: 'exact', value: '2' } });
  });

  test('an entry attached to a Service port applies on that port only', () => {
    const e = entry(prefix('/'), { port: 9080 });
    expect(accepts(e, request({ port: 9080 }))).toBe(true);
    expect(accepts(e, request({ port: 9081 }))).toBe(false);
  });
});

describe('precedence', () => {
  const order = (...matches: any[]) => sortByPrecedence(matches.map((m, i) => entry(m, { ruleIndex: i }))).map(e => e.ruleIndex);

  test('an exact path comes before any prefix, however long', () => {
    expect(order(prefix('/a/very/long/prefix'), exact('/x'))).toEqual([1, 0]);
  });

  test('a longer prefix comes before a shorter one; a trailing slash does not count', () => {
    expect(order(prefix('/foo'), prefix('/foo/bar'))).toEqual([1, 0]);
    expect(order(prefix('/abcd'), prefix('/abc/'))).toEqual([0, 1]);
    expect(order(prefix('/abc/'), prefix('/abcd'))).toEqual([1, 0]);
  });

  test('a prefix comes before a regex, a regex before no match at all', () => {
    expect(order({ path: { type: 'RegularExpression', value: '/.*' } }, prefix('/'))).toEqual([1, 0]);
  });

  test('with equal paths: a method match first, then more headers, then more query parameters', () => {
    expect(order(prefix('/'), { ...prefix('/'), method: 'GET' })).toEqual([1, 0]);
    expect(order({ ...prefix('/'), headers: [{ name: 'a', value: '1' }] },
      { ...prefix('/'), headers: [{ name: 'a', value: '1' }, { name: 'b', value: '1' }] })).toEqual([1, 0]);
    expect(order({ ...prefix('/'), headers: [{ name: 'a', value: '1' }, { name: 'b', value: '1' }] },
      { ...prefix('/'), method: 'GET' })).toEqual([1, 0]);
    expect(order(prefix('/'), { ...prefix('/'), queryParams: [{ name: 'q', value: '1' }] })).toEqual([1, 0]);
    expect(order({ ...prefix('/'), queryParams: [{ name: 'q', value: '1' }, { name: 'r', value: '1' }] },
      { ...prefix('/'), headers: [{ name: 'a', value: '1' }] })).toEqual([1, 0]);
  });

  test('equally specific entries keep their order (oldest route, then rule and match order)', () => {
    expect(order(prefix('/a'), prefix('/b'), prefix('/c'))).toEqual([0, 1, 2]);
    expect(comparePrecedence(entry(prefix('/a')), entry(prefix('/b')))).toBe(0);
  });

  test('a rule without matches comes after every rule with one, unless a parentRef port gives it a match', () => {
    const none: RouteEntry = { kind: 'HTTPRoute', namespace: 'default', name: 'r', ruleIndex: 0 };
    const regex = entry({ path: { type: 'RegularExpression', value: '.*' } }, { ruleIndex: 1 });
    expect(sortByPrecedence([none, regex]).map(e => e.ruleIndex)).toEqual([1, 0]);
    expect(sortByPrecedence([{ ...none, port: 80 }, { ...regex, port: 80 }]).map(e => e.ruleIndex)).toEqual([1, 0]);
    expect(comparePrecedence({ ...none, port: 80 }, { ...regex, port: 80 })).toBeGreaterThan(0);
    expect(comparePrecedence({ ...none, port: 80 }, none)).toBeLessThan(0);
  });
});

describe('route entries', () => {
  test('an HTTPRoute rule without matches gets the default match PathPrefix /; an empty list stays empty', () => {
    // GIVEN
    const spec = { rules: [{ backendRefs: [] }, { matches: [] }, { matches: [exact('/a'), exact('/b')] }] };
    // WHEN
    const entries = routeEntries('HTTPRoute', 'ns', 'r', spec);
    // THEN
    expect(entries.map(e => [e.ruleIndex, e.matchIndex, e.match?.uri?.value])).toEqual([
      [0, undefined, '/'], [1, undefined, undefined], [2, 0, '/a'], [2, 1, '/b'],
    ]);
  });

  test('an HTTPRoute without rules has the default rule; a GRPCRoute without rules has none', () => {
    expect(routeEntries('HTTPRoute', 'ns', 'r', {}).map(e => e.match?.uri)).toEqual([{ type: 'prefix', value: '/' }]);
    expect(routeEntries('GRPCRoute', 'ns', 'r', {})).toEqual([]);
  });

  test('a GRPCRoute rule without matches has no match (any method)', () => {
    expect(routeEntries('GRPCRoute', 'ns', 'r', { rules: [{}] })).toEqual([{ kind: 'GRPCRoute', namespace: 'ns', name: 'r', ruleIndex: 0, port: undefined }]);
  });
});

describe('gRPC method matches', () => {
  test.each([
    [{ service: 'pkg.Svc', method: 'Get' }, { type: 'exact', value: '/pkg.Svc/Get' }],
    [{ service: 'pkg.Svc' }, { type: 'prefix', value: '/pkg.Svc/' }],
    [{ method: 'Get' }, { type: 'regex', value: '/[^/]+/Get' }],
    [{ type: 'RegularExpression', service: 'pkg\\..*' }, { type: 'regex', value: '/pkg\\..*/.+' }],
    [{ type: 'RegularExpression', service: 'pkg.Svc', method: 'Get.*' }, { type: 'regex', value: '/pkg.Svc/Get.*' }],
  ])('%j is the path match %j', (method, uri) => {
    expect(grpcEntryMatch({ method }).uri).toEqual(uri);
  });

  test('a method match naming neither service nor method is refused', () => {
    expect(() => grpcEntryMatch({ method: { type: 'Exact' } })).toThrow(new MatchError('gRPC match must have method or service defined'));
  });

  test('a header-only gRPC match says nothing of the path', () => {
    const m: EntryMatch = grpcEntryMatch({ headers: [{ name: 'x', value: '1' }] });
    expect(m.uri).toBeUndefined();
  });
});

describe('catch-all rules', () => {
  test.each([
    [prefix('/'), true],
    [{ path: { type: 'RegularExpression', value: '.*' } }, true],
    [prefix('/a'), false],
    [{ ...prefix('/'), method: 'GET' }, false],
    [{ ...prefix('/'), headers: [{ name: 'a', value: '1' }] }, false],
    [{ ...prefix('/'), queryParams: [{ name: 'a', value: '1' }] }, false],
  ])('%j is a catch-all: %s', (match, expected) => {
    expect(isCatchAll(entry(match))).toBe(expected);
  });

  test('Istio translates a route\'s rules up to its first catch-all', () => {
    const entries = [entry(prefix('/a'), { ruleIndex: 0 }), entry(prefix('/'), { ruleIndex: 1 }), entry({ path: { type: 'RegularExpression', value: '/b' } }, { ruleIndex: 2 })];
    expect(untilCatchAll(entries).map(e => e.ruleIndex)).toEqual([0, 1]);
    expect(untilCatchAll(entries.slice(0, 1)).map(e => e.ruleIndex)).toEqual([0]);
  });
});
