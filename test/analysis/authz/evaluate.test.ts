import { AuthzRequest, AuthzWorkload, evaluateAuthorization, policyApplies } from '../../../src/analysis/authz';
import { readObject } from '../../../src/analysis/objects';

/** An AuthorizationPolicy as the analysis reads it. */
function ap(ns: string, name: string, spec: any, annotations?: Record<string, string>) {
  return readObject({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: ns, annotations }, spec }, false);
}

const REVIEWS: AuthzWorkload = { namespace: 'default', labels: { app: 'reviews', version: 'v1' } };
const FROM_PRODUCTPAGE: AuthzRequest = { principal: 'cluster.local/ns/default/sa/productpage', port: 9080, method: 'GET', path: '/reviews/1' };
const PLAIN: AuthzRequest = { principal: null, port: 9080, method: 'GET', path: '/reviews/1' };

const evaluate = (policies: any[], request: AuthzRequest, workload = REVIEWS) => evaluateAuthorization(policies, workload, request, 'istio-system');

describe('which policies are in force on a workload', () => {
  test('GIVEN policies of the root namespace, the workload\'s namespace and another namespace, THEN the first two apply, by selector', () => {
    expect(policyApplies(ap('istio-system', 'a', {}), REVIEWS, 'istio-system')).toBe(true);
    expect(policyApplies(ap('istio-system', 'a', { selector: { matchLabels: { app: 'reviews' } } }), REVIEWS, 'istio-system')).toBe(true);
    expect(policyApplies(ap('default', 'a', {}), REVIEWS, 'istio-system')).toBe(true);
    expect(policyApplies(ap('default', 'a', { selector: { matchLabels: { app: 'reviews', version: 'v1' } } }), REVIEWS, 'istio-system')).toBe(true);
    expect(policyApplies(ap('default', 'a', { selector: { matchLabels: { app: 'reviews', version: 'v2' } } }), REVIEWS, 'istio-system')).toBe(false);
    expect(policyApplies(ap('other', 'a', {}), REVIEWS, 'istio-system')).toBe(false);
  });

  test('GIVEN a targetRef, THEN the policy applies only to the pods of the Gateway API Gateway it names in its namespace', () => {
    const gatewayPod: AuthzWorkload = { namespace: 'default', labels: { 'gateway.networking.k8s.io/gateway-name': 'web' } };
    const toWeb = { targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' } };
    expect(policyApplies(ap('default', 'a', toWeb), gatewayPod, 'istio-system')).toBe(true);
    expect(policyApplies(ap('default', 'a', { targetRefs: [{ ...toWeb.targetRef, name: 'api' }] }), gatewayPod, 'istio-system')).toBe(false);
    expect(policyApplies(ap('default', 'a', toWeb), REVIEWS, 'istio-system')).toBe(false);
    expect(policyApplies(ap('istio-system', 'a', toWeb), gatewayPod, 'istio-system')).toBe(false);
    // selector policies apply to gateway pods too
    expect(policyApplies(ap('default', 'a', {}), gatewayPod, 'istio-system')).toBe(true);
  });
});

describe('the decision', () => {
  test('GIVEN no policy, THEN every request is allowed, without a deciding policy', () => {
    expect(evaluate([], PLAIN)).toEqual({ verdict: 'allowed' });
  });

  test('GIVEN an ALLOW policy without rules (allow nothing) at root, namespace or workload scope, THEN every request is denied', () => {
    for (const policy of [ap('istio-system', 'none', {}), ap('default', 'none', {}), ap('default', 'none', { selector: { matchLabels: { app: 'reviews' } } })]) {
      expect(evaluate([policy], FROM_PRODUCTPAGE)).toEqual({ verdict: 'denied', policy: policy.fullName, action: 'ALLOW', allowPolicies: [policy.fullName] });
    }
    expect(evaluate([ap('default', 'none', { selector: { matchLabels: { app: 'ratings' } } })], FROM_PRODUCTPAGE)).toEqual({ verdict: 'allowed' });
  });

  test('GIVEN rules: [{}], THEN every request matches', () => {
    expect(evaluate([ap('default', 'all', { rules: [{}] })], PLAIN)).toEqual({ verdict: 'allowed', policy: 'default/all', action: 'ALLOW', rule: 0 });
  });

  test('GIVEN a DENY policy that matches, THEN the request is denied whatever ALLOW policies say', () => {
    const deny = ap('default', 'deny', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }, { to: [{ operation: { methods: ['GET'] } }] }] });
    const allow = ap('default', 'all', { rules: [{}] });
    expect(evaluate([allow, deny], FROM_PRODUCTPAGE)).toEqual({ verdict: 'denied', policy: 'default/deny', action: 'DENY', rule: 1 });
    expect(evaluate([allow, deny], { ...FROM_PRODUCTPAGE, method: 'POST' })).toEqual({ verdict: 'allowed', policy: 'default/all', action: 'ALLOW', rule: 0 });
  });

  test('GIVEN ALLOW policies, THEN a request matching none of their rules is denied, naming them all', () => {
    const a = ap('default', 'a', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/other'] } }] }] });
    const b = ap('istio-system', 'b', { rules: [{ to: [{ operation: { ports: ['8080'] } }] }] });
    expect(evaluate([a, b], FROM_PRODUCTPAGE)).toEqual({ verdict: 'denied', policy: 'istio-system/b', action: 'ALLOW', allowPolicies: ['istio-system/b', 'default/a'] });
    expect(evaluate([a, b], { ...FROM_PRODUCTPAGE, port: 8080 })).toEqual({ verdict: 'allowed', policy: 'istio-system/b', action: 'ALLOW', rule: 0 });
  });

  test('GIVEN a CUSTOM rule that matches, THEN the external authorizer decides (depends), unless a DENY rule or a missing ALLOW match denies', () => {
    const custom = ap('default', 'ext', { action: 'CUSTOM', provider: { name: 'opa' }, rules: [{}] });
    expect(evaluate([custom], PLAIN)).toEqual({ verdict: 'depends', policy: 'default/ext', action: 'CUSTOM', rule: 0 });
    expect(evaluate([custom, ap('default', 'deny', { action: 'DENY', rules: [{}] })], PLAIN).verdict).toBe('denied');
    expect(evaluate([custom, ap('default', 'none', {})], PLAIN).verdict).toBe('denied');
    expect(evaluate([ap('default', 'ext', { action: 'CUSTOM', provider: { name: 'opa' }, rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] })], PLAIN))
      .toEqual({ verdict: 'allowed' });
  });

  test('GIVEN AUDIT and dry-run policies, THEN they do not decide', () => {
    expect(evaluate([ap('default', 'audit', { action: 'AUDIT', rules: [{}] })], PLAIN)).toEqual({ verdict: 'allowed' });
    expect(evaluate([ap('default', 'none', {}, { 'istio.io/dry-run': 'true' })], PLAIN)).toEqual({ verdict: 'allowed' });
    expect(evaluate([ap('default', 'none', {}, { 'istio.io/dry-run': 'false' })], PLAIN).verdict).toBe('denied');
  });

  test('GIVEN a rule on something the request description does not know, THEN the verdict depends on it', () => {
    const byHeader = ap('default', 'h', { action: 'DENY', rules: [{ when: [{ key: 'request.headers[x-user]', values: ['admin'] }] }] });
    expect(evaluate([byHeader], PLAIN)).toEqual({ verdict: 'depends', policy: 'default/h', action: 'DENY', rule: 0 });
    expect(evaluate([byHeader], { ...PLAIN, headers: { 'X-User': 'admin' } }).verdict).toBe('denied');
    expect(evaluate([byHeader], { ...PLAIN, headers: { 'x-user': 'guest' } }).verdict).toBe('allowed');
    expect(evaluate([byHeader], { ...PLAIN, headers: {}, headersComplete: true }).verdict).toBe('allowed');
    // ALLOW: a rule that may match makes the verdict depend on it; one that does not match is passed over
    const allowClaims = ap('default', 'jwt', { rules: [{ when: [{ key: 'request.auth.claims[group]', values: ['dev'] }] }] });
    expect(evaluate([allowClaims], { ...PLAIN, requestPrincipal: 'https://issuer/alice' })).toEqual({ verdict: 'depends', policy: 'default/jwt', action: 'ALLOW', rule: 0 });
    expect(evaluate([allowClaims], { ...PLAIN, requestPrincipal: null }).verdict).toBe('denied');
  });

  test('GIVEN a DENY rule that may match and an ALLOW rule that matches, THEN the verdict depends on the DENY rule', () => {
    const deny = ap('default', 'deny', { action: 'DENY', rules: [{ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }] }] });
    const allow = ap('default', 'all', { rules: [{}] });
    expect(evaluate([allow, deny], PLAIN)).toEqual({ verdict: 'depends', policy: 'default/deny', action: 'DENY', rule: 0 });
    expect(evaluate([allow, deny], { ...PLAIN, sourceIp: '10.1.2.3' }).verdict).toBe('denied');
    expect(evaluate([allow, deny], { ...PLAIN, sourceIp: '11.1.2.3' }).verdict).toBe('allowed');
  });
});

describe('matching the fields of a rule', () => {
  const allowFrom = (source: any) => [ap('default', 'a', { rules: [{ from: [{ source }] }] })];
  const allowTo = (operation: any) => [ap('default', 'a', { rules: [{ to: [{ operation }] }] })];
  const verdictOf = (policies: any[], request: AuthzRequest) => evaluate(policies, request).verdict;

  test('principals: exact, prefix*, *suffix and * (any identity, never plain text)', () => {
    expect(verdictOf(allowFrom({ principals: ['cluster.local/ns/default/sa/productpage'] }), FROM_PRODUCTPAGE)).toBe('allowed');
    expect(verdictOf(allowFrom({ principals: ['cluster.local/ns/default/sa/productpag'] }), FROM_PRODUCTPAGE)).toBe('denied');
    expect(verdictOf(allowFrom({ principals: ['cluster.local/ns/default/*'] }), FROM_PRODUCTPAGE)).toBe('allowed');
    expect(verdictOf(allowFrom({ principals: ['cluster.local/ns/other/*'] }), FROM_PRODUCTPAGE)).toBe('denied');
    expect(verdictOf(allowFrom({ principals: ['*/sa/productpage'] }), FROM_PRODUCTPAGE)).toBe('allowed');
    expect(verdictOf(allowFrom({ principals: ['*'] }), FROM_PRODUCTPAGE)).toBe('allowed');
    expect(verdictOf(allowFrom({ principals: ['*'] }), PLAIN)).toBe('denied');
    expect(verdictOf(allowFrom({ principals: ['*'] }), { port: 9080 })).toBe('depends');
  });

  test('namespaces come from the identity: plain text matches none, notNamespaces every one', () => {
    expect(verdictOf(allowFrom({ namespaces: ['default'] }), FROM_PRODUCTPAGE)).toBe('allowed');
    expect(verdictOf(allowFrom({ namespaces: ['def*'] }), FROM_PRODUCTPAGE)).toBe('allowed');
    expect(verdictOf(allowFrom({ namespaces: ['defaults'] }), FROM_PRODUCTPAGE)).toBe('denied');
    expect(verdictOf(allowFrom({ namespaces: ['default'] }), PLAIN)).toBe('denied');
    expect(verdictOf(allowFrom({ notNamespaces: ['default'] }), PLAIN)).toBe('allowed');
    expect(verdictOf(allowFrom({ notNamespaces: ['default'] }), FROM_PRODUCTPAGE)).toBe('denied');
    // only the namespace known
    expect(verdictOf(allowFrom({ namespaces: ['default'] }), { namespace: 'default' })).toBe('allowed');
    expect(verdictOf(allowFrom({ namespaces: ['other'] }), { namespace: 'default' })).toBe('denied');
    expect(verdictOf(allowFrom({ principals: ['cluster.local/ns/default/sa/x'] }), { namespace: 'default' })).toBe('depends');
  });

  test('serviceAccounts: ns/name, or name in the policy\'s namespace', () => {
    expect(verdictOf(allowFrom({ serviceAccounts: ['productpage'] }), FROM_PRODUCTPAGE)).toBe('allowed');
    expect(verdictOf(allowFrom({ serviceAccounts: ['default/productpage'] }), FROM_PRODUCTPAGE)).toBe('allowed');
    expect(verdictOf(allowFrom({ serviceAccounts: ['other/productpage'] }), FROM_PRODUCTPAGE)).toBe('denied');
    expect(verdictOf(allowFrom({ serviceAccounts: ['other/productpage'] }), { namespace: 'default' })).toBe('denied');
    expect(verdictOf(allowFrom({ serviceAccounts: ['productpage'] }), { namespace: 'default' })).toBe('depends');
  });

  test('entries of a field are OR-ed, fields of an entry AND-ed, from entries OR-ed', () => {
    const policy = [ap('default', 'a', {
      rules: [{ from: [{ source: { namespaces: ['default'], notPrincipals: ['*/sa/productpage'] } }, { source: { principals: ['a', 'cluster.local/ns/default/sa/productpage'] } }] }],
    })];
    expect(verdictOf(policy, FROM_PRODUCTPAGE)).toBe('allowed');
    expect(verdictOf(policy, { ...FROM_PRODUCTPAGE, principal: 'cluster.local/ns/default/sa/details' })).toBe('allowed');
    expect(verdictOf(policy, { ...FROM_PRODUCTPAGE, principal: 'cluster.local/ns/other/sa/details' })).toBe('denied');
  });

  test('paths: exact, prefix*, *suffix, templates; the query string is ignored', () => {
    expect(verdictOf(allowTo({ paths: ['/reviews/1'] }), { ...PLAIN, path: '/reviews/1?x=y' })).toBe('allowed');
    expect(verdictOf(allowTo({ paths: ['/reviews/*'] }), PLAIN)).toBe('allowed');
    expect(verdictOf(allowTo({ paths: ['/ratings/*'] }), PLAIN)).toBe('denied');
    expect(verdictOf(allowTo({ paths: ['*/1'] }), PLAIN)).toBe('allowed');
    expect(verdictOf(allowTo({ paths: ['/reviews/{*}'] }), PLAIN)).toBe('allowed');
    expect(verdictOf(allowTo({ paths: ['/{*}'] }), PLAIN)).toBe('denied');
    expect(verdictOf(allowTo({ paths: ['/{**}'] }), PLAIN)).toBe('allowed');
    expect(verdictOf(allowTo({ notPaths: ['/reviews/*'] }), PLAIN)).toBe('denied');
    expect(verdictOf(allowTo({ paths: ['/reviews/*'] }), { ...PLAIN, path: undefined })).toBe('depends');
  });

  test('methods are case-sensitive, hosts are not; ports are the workload\'s', () => {
    expect(verdictOf(allowTo({ methods: ['GET'] }), PLAIN)).toBe('allowed');
    expect(verdictOf(allowTo({ methods: ['get'] }), PLAIN)).toBe('denied');
    expect(verdictOf(allowTo({ hosts: ['Reviews.default.svc.cluster.local'] }), { ...PLAIN, host: 'reviews.default.svc.cluster.local' })).toBe('allowed');
    expect(verdictOf(allowTo({ hosts: ['*.example.com'] }), { ...PLAIN, host: 'reviews' })).toBe('denied');
    expect(verdictOf(allowTo({ ports: ['9080'] }), PLAIN)).toBe('allowed');
    expect(verdictOf(allowTo({ notPorts: ['9080'] }), PLAIN)).toBe('denied');
  });

  test('request principals: iss/sub with * forms; none without a validated JWT', () => {
    const jwt = { ...PLAIN, requestPrincipal: 'https://accounts.example.com/alice' };
    expect(verdictOf(allowFrom({ requestPrincipals: ['https://accounts.example.com/alice'] }), jwt)).toBe('allowed');
    expect(verdictOf(allowFrom({ requestPrincipals: ['*'] }), jwt)).toBe('allowed');
    expect(verdictOf(allowFrom({ requestPrincipals: ['https://accounts.example.com/*'] }), jwt)).toBe('allowed');
    expect(verdictOf(allowFrom({ requestPrincipals: ['*/alice'] }), jwt)).toBe('allowed');
    expect(verdictOf(allowFrom({ requestPrincipals: ['*/bob'] }), jwt)).toBe('denied');
    expect(verdictOf(allowFrom({ requestPrincipals: ['*'] }), { ...PLAIN, requestPrincipal: null })).toBe('denied');
    expect(verdictOf(allowFrom({ notRequestPrincipals: ['*'] }), { ...PLAIN, requestPrincipal: null })).toBe('allowed');
  });

  test('ip blocks: addresses and CIDR ranges, IPv4 and IPv6', () => {
    expect(verdictOf(allowFrom({ ipBlocks: ['10.0.0.0/8'] }), { ...PLAIN, sourceIp: '10.2.3.4' })).toBe('allowed');
    expect(verdictOf(allowFrom({ ipBlocks: ['10.0.0.1'] }), { ...PLAIN, sourceIp: '10.0.0.2' })).toBe('denied');
    expect(verdictOf(allowFrom({ ipBlocks: ['2001:db8::/32'] }), { ...PLAIN, sourceIp: '2001:db8::1' })).toBe('allowed');
    expect(verdictOf(allowFrom({ remoteIpBlocks: ['1.2.3.0/24'] }), { ...PLAIN, remoteIp: '1.2.4.1' })).toBe('denied');
  });

  test('on TCP, an ALLOW rule with an HTTP-only field never matches, and a DENY rule drops the field', () => {
    const tcp: AuthzRequest = { principal: 'cluster.local/ns/default/sa/productpage', port: 9080, protocol: 'tcp' };
    expect(verdictOf(allowTo({ methods: ['GET'] }), tcp)).toBe('denied');
    expect(verdictOf(allowTo({ ports: ['9080'] }), tcp)).toBe('allowed');
    expect(verdictOf([ap('default', 'd', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }] })], tcp)).toBe('denied');
    expect(verdictOf([ap('default', 'd', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }] })], { ...tcp, protocol: 'http', method: 'GET' })).toBe('allowed');
  });

  test('a when key Istio does not know skips the rule; an invalid port skips an ALLOW rule and is dropped from a DENY rule', () => {
    expect(verdictOf([ap('default', 'a', { rules: [{ when: [{ key: 'source.nothing', values: ['x'] }] }] })], PLAIN)).toBe('denied');
    expect(verdictOf([ap('default', 'd', { action: 'DENY', rules: [{ when: [{ key: 'source.nothing', values: ['x'] }] }] })], PLAIN)).toBe('allowed');
    expect(verdictOf(allowTo({ ports: ['9080', 'http'] }), PLAIN)).toBe('denied');
    expect(verdictOf([ap('default', 'd', { action: 'DENY', rules: [{ to: [{ operation: { ports: ['http'] } }] }] })], PLAIN)).toBe('denied');
  });

  test('when: source.namespace, source.principal, destination.port, and unknown attributes', () => {
    const when = (key: string, values: string[], notValues?: string[]) => [ap('default', 'a', { rules: [{ when: [{ key, values, notValues }] }] })];
    expect(verdictOf(when('source.namespace', ['default']), FROM_PRODUCTPAGE)).toBe('allowed');
    expect(verdictOf(when('source.principal', ['cluster.local/ns/default/sa/other']), FROM_PRODUCTPAGE)).toBe('denied');
    expect(verdictOf(when('destination.port', ['9080']), FROM_PRODUCTPAGE)).toBe('allowed');
    expect(verdictOf(when('destination.ip', ['10.0.0.1']), FROM_PRODUCTPAGE)).toBe('depends');
    expect(verdictOf(when('connection.sni', ['x']), FROM_PRODUCTPAGE)).toBe('depends');
    expect(verdictOf(when('request.headers[x]', [], ['y']), { ...FROM_PRODUCTPAGE, headers: { x: 'z' } })).toBe('allowed');
  });
});
