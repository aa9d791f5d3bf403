import {
  authorizationConditionKeyProblem, authorizationConditionProblems, authorizationHostProblem, authorizationIpBlockProblem, authorizationMethodProblem,
  authorizationNamespaceProblem, authorizationPathProblem, authorizationPortProblem, authorizationPrincipalProblem,
  authorizationRequestPrincipalProblem, authorizationServiceAccountProblem, authorizationTrustDomainProblem,
} from '../../../src/private/security/authorization-values';

type Check = (prop: string, value: string) => string | undefined;

/** Each accepted value gives no problem, each refused one exactly its message. */
function expectChecks(check: Check, accepted: string[], refused: Array<[string, string]>) {
  expect(accepted.map(v => check('p', v))).toEqual(accepted.map(() => undefined));
  expect(refused.map(([v]) => check('p', v))).toEqual(refused.map(([, m]) => m));
}

const WILDCARD = (example: string, value: string) =>
  `'p' may hold one '*' at most, as prefix, suffix or alone (e.g. '${example}'): Istio reads any other '*' as a literal character, got '${value}'`;

describe('authorizationPrincipalProblem', () => {
  test('accepts <trust domain>/ns/<namespace>/sa/<account> and its wildcard forms; refuses the rest', () => {
    const form = (v: string) => `'p' must be '<trust domain>/ns/<namespace>/sa/<service account>' (e.g. 'cluster.local/ns/shop/sa/frontend'), or one '*' at most, as prefix, suffix or alone, got '${v}'`;
    expectChecks(authorizationPrincipalProblem, ['cluster.local/ns/shop/sa/frontend', '*', '*/sa/frontend', 'cluster.local/ns/shop/*'], [
      ['', "'p' must not be empty"],
      ['cluster.local/ns/*/sa/frontend', WILDCARD('cluster.local/ns/shop/*', 'cluster.local/ns/*/sa/frontend')],
      ['*/ns/shop/*', WILDCARD('cluster.local/ns/shop/*', '*/ns/shop/*')],
      ['spiffe://cluster.local/ns/shop/sa/frontend', "'p' must not start with 'spiffe://': Istio adds it, write 'cluster.local/ns/shop/sa/frontend'"],
      ['frontend', form('frontend')],
      ['cluster.local/ns/shop/sa/front/end', form('cluster.local/ns/shop/sa/front/end')],
      ['*/sa/front end', "'p' must not contain whitespace, got '*/sa/front end'"],
    ]);
  });
});

describe('authorizationRequestPrincipalProblem', () => {
  test('accepts <issuer>/<subject> (split at the last slash) and its wildcard forms', () => {
    const form = (v: string) => `'p' must be '<issuer>/<subject>' (e.g. 'https://issuer.example.com/alice'), or one '*' at most, as prefix, suffix or alone, got '${v}'`;
    expectChecks(authorizationRequestPrincipalProblem, ['https://issuer.example.com/alice', 'a/b', 'https://issuer.example.com/*', '*/alice', '*'], [
      ['', "'p' must not be empty"],
      ['alice', form('alice')],
      ['/alice', form('/alice')],
      ['https://issuer.example.com/', form('https://issuer.example.com/')],
      ['https://*.example.com/alice', WILDCARD('https://issuer.example.com/*', 'https://*.example.com/alice')],
    ]);
  });
});

describe('authorizationNamespaceProblem', () => {
  test('accepts DNS labels and their wildcard forms, up to 63 characters', () => {
    const form = (v: string) => `'p' must be a namespace name (DNS-1123 label), or one '*' at most, as prefix, suffix or alone, got '${v}'`;
    expectChecks(authorizationNamespaceProblem, ['shop', 'team-*', '*-prod', '*', 'a'.repeat(63), `${'a'.repeat(62)}*`], [
      ['', "'p' must not be empty"],
      ['Shop', form('Shop')],
      ['a'.repeat(64), form('a'.repeat(64))],
      [`${'a'.repeat(63)}*`, form(`${'a'.repeat(63)}*`)],
      ['team-*-prod', WILDCARD('team-*', 'team-*-prod')],
      ['shop.prod', form('shop.prod')],
    ]);
  });
});

describe('authorizationServiceAccountProblem', () => {
  test('accepts <namespace>/<name> and <name> up to 320 characters, without wildcards', () => {
    const form = (v: string) => `'p' must be '<namespace>/<service account>' or '<service account>' (a DNS-1123 label, then a DNS-1123 subdomain), got '${v}'`;
    const longest = `${'a'.repeat(63)}/${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(61)}`;
    expect(longest).toHaveLength(317);
    expectChecks(authorizationServiceAccountProblem, ['shop/frontend', 'frontend', 'shop/front.end', longest], [
      ['', "'p' must not be empty"],
      ['shop/*', "'p' must not contain '*': Istio refuses wildcards in service accounts, got 'shop/*'"],
      ['a/b/c', form('a/b/c')],
      ['/frontend', form('/frontend')],
      ['shop/', form('shop/')],
      ['shop.prod/frontend', form('shop.prod/frontend')],
      [`${'a'.repeat(63)}/${'b'.repeat(257)}`, "'p' must be at most 320 characters, got 321"],
    ]);
  });
});

describe('authorizationTrustDomainProblem', () => {
  test('accepts trust domains and their wildcard forms, without a slash', () => {
    expectChecks(authorizationTrustDomainProblem, ['cluster.local', '*.example.com', 'td-*', '*'], [
      ['', "'p' must not be empty"],
      ['a*b', WILDCARD('*.example.com', 'a*b')],
      ['cluster.local/ns', "'p' must be a trust domain, without '/', got 'cluster.local/ns'"],
    ]);
  });
});

describe('authorizationIpBlockProblem', () => {
  test("accepts addresses and blocks as Go's netip parses them", () => {
    const form = (v: string) => `'p' must be an IP address or a CIDR block (e.g. '10.0.0.0/16'), got '${v}'`;
    const refused = ['', '10.0.0.0/33', '::/129', '10.0.0.256', '010.0.0.1', '10.0.0.0/08', '10.0.0.0/+8', '10.0.0.0/', 'fe80::1%eth0/64', 'fe80::1%',
      '::ffff:01.2.3.4', 'example.com', '10.0.0.0/8/8', '*'];
    expectChecks(authorizationIpBlockProblem, ['10.1.2.3', '0.0.0.0/0', '10.0.0.0/32', '1.2.3.4/24', '::1', '::/0', '::/128', '2001:db8::/32', '::ffff:1.2.3.4', 'fe80::1%eth0'],
      refused.map(v => [v, form(v)]));
  });
});

describe('authorizationHostProblem', () => {
  test('accepts hosts and their wildcard forms', () => {
    expectChecks(authorizationHostProblem, ['example.com', 'example.com:8080', '*.example.com', 'example.*', '*'], [
      ['', "'p' must not be empty"],
      ['api.*.example.com', WILDCARD('*.example.com', 'api.*.example.com')],
      ['example .com', "'p' must not contain whitespace or control characters, got 'example .com'"],
    ]);
  });
});

describe('authorizationPortProblem', () => {
  test('accepts 1 to 65535', () => {
    expect([1, 65535].map(p => authorizationPortProblem('p', p))).toEqual([undefined, undefined]);
    expect([0, 65536, 80.5].map(p => authorizationPortProblem('p', p))).toEqual([
      "'p' must be an integer between 1 and 65535, got 0",
      "'p' must be an integer between 1 and 65535, got 65536",
      "'p' must be an integer between 1 and 65535, got 80.5",
    ]);
  });
});

describe('authorizationMethodProblem', () => {
  test('accepts uppercase tokens; a lowercase method never matches', () => {
    expectChecks(authorizationMethodProblem, ['GET', 'POST', 'PROPFIND', 'M-SEARCH'], [
      ['', "'p' must not be empty"],
      ['get', "'p' never matches: methods are case-sensitive and requests send them in uppercase ('GET'), got 'get'"],
      ['Post', "'p' never matches: methods are case-sensitive and requests send them in uppercase ('POST'), got 'Post'"],
      ['*', "'p' must be an HTTP method (an uppercase token such as GET), got '*'"],
      ['GET POST', "'p' must be an HTTP method (an uppercase token such as GET), got 'GET POST'"],
    ]);
  });
});

describe('authorizationPathProblem', () => {
  test('accepts exact, prefix, suffix and any paths, and path templates', () => {
    expectChecks(authorizationPathProblem, ['/', '/api/v1', '/api/*', '*.png', '*', '/users/{*}/orders', '/files/{**}', '/{*}/{*}/{**}', '/a/{*}/'], [
      ['', "'p' must not be empty"],
      ['/api/*/items', WILDCARD('/api/*', '/api/*/items')],
      ['api/v1', "'p' never matches: request paths start with '/', got 'api/v1'"],
      ['/search?q=a', "'p' never matches: Istio matches the path without the query string, got '/search?q=a'"],
      ['/a/{**}/{*}', "'p' is not a path Istio accepts: '{**}' must be the last template segment, got '/a/{**}/{*}'"],
      ['/a{b}', "'p' is not a path Istio accepts: '{' and '}' are only allowed as whole segments '{*}' and '{**}', got '/a{b}'"],
      ['/a/{*}x', "'p' is not a path Istio accepts: '{' and '}' are only allowed as whole segments '{*}' and '{**}', got '/a/{*}x'"],
      ['/a b/{*}', "'p' is not a path Istio accepts: segment 'a b' of a path template must be made of letters, digits and -._~%!$&'()+,;:@=, got '/a b/{*}'"],
      ['/a/{*}/*', "'p' is not a path Istio accepts: segment '*' of a path template must be made of letters, digits and -._~%!$&'()+,;:@=, got '/a/{*}/*'"],
    ]);
  });
});

describe('authorizationConditionKeyProblem', () => {
  test('accepts the attributes Istio knows', () => {
    const keys = ['request.headers[x-a]', 'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'request.auth.claims[groups]',
      'request.auth.claims[a][b]', 'source.ip', 'remote.ip', 'source.namespace', 'source.principal', 'source.serviceAccount', 'source.trustDomain',
      'destination.ip', 'destination.port', 'connection.sni', 'experimental.envoy.filters.network.mysql_proxy[db.table]'];
    expect(keys.map(k => authorizationConditionKeyProblem('k', k))).toEqual(keys.map(() => undefined));
  });

  test('refuses the attributes Istio replaced, malformed names and unknown attributes', () => {
    const known = 'request.headers[<name>], request.auth.principal, request.auth.audiences, request.auth.presenter, request.auth.claims[<claim>], '
      + 'source.ip, remote.ip, source.namespace, source.principal, source.serviceAccount, source.trustDomain, destination.ip, destination.port, '
      + 'connection.sni, experimental.envoy.filters.<filter>[<key>]';
    expect(['destination.namespace', 'destination.labels[app]', 'destination.name', 'request.headers', 'request.headers[]', 'request.headers[a][b]',
      'request.auth.claims', 'experimental.envoy.filters.a', 'request.method', ''].map(k => authorizationConditionKeyProblem('k', k))).toEqual([
      "'k' is 'destination.namespace', which Istio's AuthorizationPolicy does not support: use the policy's namespace instead",
      "'k' is 'destination.labels[app]', which Istio's AuthorizationPolicy does not support: use the policy's selector ('service', 'gateway' or 'selector') instead",
      "'k' is 'destination.name', which Istio's AuthorizationPolicy does not support: use the policy's selector ('service', 'gateway' or 'selector') instead",
      "'k' must be 'request.headers[<name>]', got 'request.headers'",
      "'k' must be 'request.headers[<name>]', got 'request.headers[]'",
      "'k' must be 'request.headers[<name>]', got 'request.headers[a][b]'",
      "'k' must be 'request.auth.claims[<name>]' (nested claims: '[<a>][<b>]'), got 'request.auth.claims'",
      "'k' must be 'experimental.envoy.filters.<filter>[<key>]', got 'experimental.envoy.filters.a'",
      `'k' must be an attribute Istio knows (${known}), got 'request.method'`,
      `'k' must be an attribute Istio knows (${known}), got ''`,
    ]);
  });
});

describe('authorizationConditionProblems', () => {
  test('a condition needs values or notValues, and no empty list', () => {
    expect(authorizationConditionProblems('when[0]', { key: 'source.ip' })).toEqual(["'when[0]' needs 'values', 'notValues' or both (key 'source.ip')"]);
    expect(authorizationConditionProblems('when[0]', { key: 'source.ip', values: [], notValues: ['10.0.0.1'] }))
      .toEqual(["'when[0].values' is empty: leave it out (Istio reads an empty list as left out)"]);
    expect(authorizationConditionProblems('when[0]', { key: 'source.ip', notValues: ['10.0.0.1'] })).toEqual([]);
  });

  test('each value is checked as its attribute takes it', () => {
    expect(authorizationConditionProblems('w', { key: 'destination.port', values: ['1', '65535', '0', 'http', ''] })).toEqual([
      "'w.values[2]' must be an integer between 1 and 65535, got 0",
      "'w.values[3]' must be a port number (1-65535), got 'http'",
      "'w.values[4]' must be a port number (1-65535), got ''",
    ]);
    expect(authorizationConditionProblems('w', { key: 'source.serviceAccount', notValues: ['shop/*'] }))
      .toEqual(["'w.notValues[0]' must not contain '*': Istio refuses wildcards in service accounts, got 'shop/*'"]);
    expect(authorizationConditionProblems('w', { key: 'remote.ip', values: ['1.2.3.04'] }))
      .toEqual(["'w.values[0]' must be an IP address or a CIDR block (e.g. '10.0.0.0/16'), got '1.2.3.04'"]);
    expect(authorizationConditionProblems('w', { key: 'request.headers[x-a]', values: ['', 'a*b'] })).toEqual(["'w.values[0]' must not be empty"]);
    expect(authorizationConditionProblems('w', { key: 'source.trustDomain', values: ['a*b'] }))
      .toEqual([WILDCARD('*.example.com', 'a*b').replace("'p'", "'w.values[0]'")]);
  });
});
