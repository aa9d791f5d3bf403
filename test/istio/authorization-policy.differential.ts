/**
 * Differential tests of AuthorizationPolicy and RequestAuthentication: the values the library
 * refuses because Istio does are the ones Istio's validation webhook or the API server (the CRD's
 * schema and CEL rules) refuse; what the library writes for the values it accepts passes both; and
 * the values the library refuses although Istio accepts them (they never match what they seem to
 * say) are listed, each with Istio's acceptance checked, so the library is stricter only there.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { apiServerAdmit, istioValidate } from './oracle';
import {
  AuthorizationAction, AuthorizationPolicy, AuthorizationPolicyProps, AuthorizationRule, Gateway, GatewayServer, JwtRule, Mesh, Protocol,
  RequestAuthenticationOptions, RoutingApi,
} from '../../src';
import { authorizationRulesSpec } from '../../src/render/security/authorization-policy';
import { jwtRuleSpec } from '../../src/render/security/request-authentication';

type Verdict = 'accepts' | 'refuses';

/** What the library and Istio (webhook and API server) say of a case. */
interface Case<T> {
  readonly name: string;
  readonly input: T;
  /** Istio's verdict. */
  readonly istio: Verdict;
  /** The library's verdict (the same as Istio's unless the case is one where the library is stricter). */
  readonly library: Verdict;
}

type PolicyInput = Omit<AuthorizationPolicyProps, 'mesh'>;

/** Cases where the library and Istio agree. */
function agree<T>(istio: Verdict, cases: Array<[string, T]>): Array<Case<T>> {
  return cases.map(([name, input]) => ({ name, input, istio, library: istio }));
}

/** Cases Istio accepts and the library refuses. */
function stricter<T>(cases: Array<[string, T]>): Array<Case<T>> {
  return cases.map(([name, input]) => ({ name, input, istio: 'accepts', library: 'refuses' }));
}

const rule = (r: AuthorizationRule): PolicyInput => ({ rules: [r] });
const from = (source: any): PolicyInput => rule({ from: [source] });
const to = (operation: any): PolicyInput => rule({ to: [operation] });
const when = (key: string, values?: string[], notValues?: string[]): PolicyInput => rule({ when: [{ key, values, notValues }] });
const accounts = (n: number) => Array.from({ length: n }, (_, i) => `ns/sa-${i}`);

const POLICY_CASES: Array<Case<PolicyInput>> = [
  ...agree<PolicyInput>('accepts', [
    ['an exact principal', from({ principals: ['cluster.local/ns/shop/sa/frontend'] })],
    ['principal wildcards as prefix, suffix and alone', from({ principals: ['*/sa/frontend', 'cluster.local/ns/shop/*', '*'] })],
    ['request principals', from({ requestPrincipals: ['https://issuer.example.com/alice', 'https://issuer.example.com/*', '*'] })],
    ['not forms of every source field', from({
      notPrincipals: ['cluster.local/ns/a/sa/b'], notRequestPrincipals: ['*'], notNamespaces: ['kube-*'], notIpBlocks: ['10.0.0.0/8'], notRemoteIpBlocks: ['::1'],
    })],
    ['namespaces', from({ namespaces: ['shop', 'team-*', '*-prod', '*'] })],
    ['service accounts, with and without a namespace', from({ serviceAccounts: ['shop/frontend', 'frontend'], notServiceAccounts: ['shop/admin'] })],
    ['16 service accounts', from({ serviceAccounts: accounts(16) })],
    ['service accounts beside IP blocks', from({ serviceAccounts: ['shop/frontend'], ipBlocks: ['10.0.0.0/8'] })],
    ['trust domains', from({ trustDomains: ['cluster.local', '*.example.com', 'td-*'], notTrustDomains: ['*'] })],
    ['IP addresses and blocks', from({ ipBlocks: ['10.1.2.3', '10.0.0.0/8', '1.2.3.4/24', '0.0.0.0/0', '::1', '2001:db8::/32', '::ffff:1.2.3.4', 'fe80::1%eth0'] })],
    ['remote IP blocks', from({ remoteIpBlocks: ['192.168.0.0/16', '::/0'] })],
    ['hosts', to({ hosts: ['example.com', '*.example.com', 'example.*', '*'], notHosts: ['admin.example.com'] })],
    ['ports at the edges', to({ ports: [1, 65535], notPorts: [8080] })],
    ['methods', to({ methods: ['GET', 'POST', 'PROPFIND'], notMethods: ['DELETE'] })],
    ['paths and their wildcards', to({ paths: ['/api/v1', '/api/*', '*.png', '*', '/'], notPaths: ['/admin/*'] })],
    ['path templates', to({ paths: ['/users/{*}/orders', '/files/{**}', '/{*}/{*}/{**}', "/a/b-c._~%!$&'()+,;:@=/{*}"] })],
    ['a header condition', when('request.headers[x-tenant]', ['acme'], ['evil'])],
    ['IP conditions', rule({ when: [{ key: 'source.ip', values: ['10.0.0.0/8'] }, { key: 'remote.ip', notValues: ['1.2.3.4'] }, { key: 'destination.ip', values: ['::1'] }] })],
    ['a destination port condition', when('destination.port', ['1', '65535'])],
    ['identity conditions', rule({
      when: [
        { key: 'source.namespace', values: ['shop'] },
        { key: 'source.principal', values: ['cluster.local/ns/shop/sa/frontend'] },
        { key: 'source.serviceAccount', values: ['shop/frontend', 'frontend'] },
        { key: 'source.trustDomain', values: ['*.example.com'] },
      ],
    })],
    ['JWT conditions', rule({
      when: [
        { key: 'request.auth.principal', values: ['https://issuer.example.com/alice'] },
        { key: 'request.auth.audiences', values: ['shop'] },
        { key: 'request.auth.presenter', values: ['web'] },
        { key: 'request.auth.claims[groups]', values: ['admins'] },
        { key: 'request.auth.claims[profile][role]', values: ['admin'] },
      ],
    })],
    ['an SNI condition', when('connection.sni', ['*.example.com'])],
    ['an Envoy filter metadata condition', when('experimental.envoy.filters.network.mysql_proxy[db.table]', ['[update]'])],
    ['an ALLOW policy without rules (allow nothing)', {}],
    ['a DENY policy with an empty rule (deny all)', { action: AuthorizationAction.DENY, rules: [{}] }],
    ['an AUDIT policy', { action: AuthorizationAction.AUDIT, rules: [{ to: [{ paths: ['/admin/*'] }] }] }],
    ['a CUSTOM policy with a provider', { action: AuthorizationAction.CUSTOM, provider: 'ext-authz', rules: [{ to: [{ paths: ['/admin/*'] }] }] }],
    ['a CUSTOM policy on IP blocks and headers', { action: AuthorizationAction.CUSTOM, provider: 'ext-authz', rules: [{ from: [{ ipBlocks: ['10.0.0.0/8'] }], when: [{ key: 'request.headers[x-a]', values: ['b'] }] }] }],
    ['dry run of ALLOW and DENY', { dryRun: true, rules: [{}] }],
    ['512 rules', { rules: Array.from({ length: 512 }, () => ({})) }],
    ['512 sources in a rule', rule({ from: Array.from({ length: 512 }, () => ({ namespaces: ['a'] })) })],
  ]),
  ...agree<PolicyInput>('refuses', [
    ['an empty principal', from({ principals: [''] })],
    ['an empty request principal', from({ notRequestPrincipals: [''] })],
    ['an empty namespace', from({ namespaces: [''] })],
    ['an empty service account', from({ serviceAccounts: [''] })],
    ['a service account wildcard', from({ serviceAccounts: ['shop/*'] })],
    ['a service account with two slashes', from({ serviceAccounts: ['a/b/c'] })],
    ['a service account without a namespace before its slash', from({ serviceAccounts: ['/frontend'] })],
    ['a service account without a name after its slash', from({ notServiceAccounts: ['shop/'] })],
    ['17 service accounts', from({ serviceAccounts: accounts(17) })],
    ['a service account of 321 characters', from({ serviceAccounts: [`${'a'.repeat(63)}/${'b'.repeat(257)}`] })],
    ['service accounts beside principals', from({ serviceAccounts: ['shop/frontend'], principals: ['cluster.local/ns/shop/sa/frontend'] })],
    ['service accounts beside not-namespaces', from({ notServiceAccounts: ['shop/frontend'], notNamespaces: ['shop'] })],
    ['a trust domain with a slash', from({ trustDomains: ['cluster.local/ns'] })],
    ['a trust domain with a wildcard inside', from({ trustDomains: ['a*b'] })],
    ['a trust domain with two wildcards', from({ notTrustDomains: ['*a*'] })],
    ['an IPv4 block of 33 bits', from({ ipBlocks: ['10.0.0.0/33'] })],
    ['an IPv6 block of 129 bits', from({ ipBlocks: ['::/129'] })],
    ['an IPv4 octet over 255', from({ ipBlocks: ['10.0.0.256'] })],
    ['an IPv4 octet with a leading zero', from({ notIpBlocks: ['010.0.0.1'] })],
    ['prefix bits with a leading zero', from({ remoteIpBlocks: ['10.0.0.0/08'] })],
    ['prefix bits with a sign', from({ ipBlocks: ['10.0.0.0/+8'] })],
    ['an IPv6 zone in a block', from({ ipBlocks: ['fe80::1%eth0/64'] })],
    ['an empty IPv6 zone', from({ ipBlocks: ['fe80::1%'] })],
    ['a host name as IP block', from({ notRemoteIpBlocks: ['example.com'] })],
    ['an empty IP block', from({ ipBlocks: [''] })],
    ['a source without fields', from({})],
    ['a source whose only list is empty', from({ principals: [] })],
    ['an operation without fields', to({})],
    ['port 65536', to({ ports: [65536] })],
    ['an empty method', to({ methods: [''] })],
    ['an empty path', to({ notPaths: [''] })],
    ['an empty host', to({ hosts: [''] })],
    ['{**} before another template segment', to({ paths: ['/a/{**}/{*}'] })],
    ['a brace outside a template segment', to({ paths: ['/a{b}'] })],
    ['a template segment with more after it', to({ paths: ['/a/{*}x'] })],
    ['a literal segment that is no pchar in a template', to({ paths: ['/a b/{*}'] })],
    ['a wildcard in a template', to({ paths: ['/a/{*}/*'] })],
    ['an empty segment in a template', to({ paths: ['/a//{*}'] })],
    ['a condition without values', when('request.headers[x-a]')],
    ['a condition whose only list is empty', when('request.headers[x-a]', [])],
    ['an empty condition value', when('request.headers[x-a]', [''])],
    ['a header condition without a name', when('request.headers', ['a'])],
    ['a header condition with an empty name', when('request.headers[]', ['a'])],
    ['a claim condition without a name', when('request.auth.claims', ['a'])],
    ['an Envoy filter condition without a key', when('experimental.envoy.filters.a', ['a'])],
    ['a source IP condition that is not an IP', when('source.ip', ['example.com'])],
    ['a destination IP block of 33 bits', when('destination.ip', ['10.0.0.0/33'])],
    ['a remote IP condition with a leading zero', when('remote.ip', ['1.2.3.04'])],
    ['a destination port of 65536', when('destination.port', ['65536'])],
    ['a named destination port', when('destination.port', ['http'])],
    ['a service account condition with a wildcard', when('source.serviceAccount', ['shop/*'])],
    ['a trust domain condition with a wildcard inside', when('source.trustDomain', ['a*b'])],
    ['destination.namespace', when('destination.namespace', ['shop'])],
    ['destination.labels', when('destination.labels[app]', ['reviews'])],
    ['destination.name', when('destination.name', ['reviews'])],
    ['destination.user', when('destination.user', ['reviews'])],
    ['an unknown attribute', when('request.method', ['GET'])],
    ['an empty key', when('', ['a'])],
    ['a DENY policy without rules', { action: AuthorizationAction.DENY }],
    ['a CUSTOM policy without rules', { action: AuthorizationAction.CUSTOM, provider: 'ext-authz' }],
    ['a CUSTOM policy without a provider', { action: AuthorizationAction.CUSTOM, rules: [{}] }],
    ['a provider on an ALLOW policy', { provider: 'ext-authz', rules: [{}] }],
    ['a provider on a DENY policy', { action: AuthorizationAction.DENY, provider: 'ext-authz', rules: [{}] }],
    ...['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces', 'trustDomains', 'notTrustDomains'].map(
      (f): [string, PolicyInput] => [`${f} in a CUSTOM policy`, { action: AuthorizationAction.CUSTOM, provider: 'ext-authz', rules: [{ from: [{ [f]: f.toLowerCase().includes('trust') ? ['td'] : f.toLowerCase().includes('request') ? ['a/b'] : f.toLowerCase().includes('principal') ? ['cluster.local/ns/a/sa/b'] : ['a'] }] }] }]),
    ['service accounts in a CUSTOM policy', { action: AuthorizationAction.CUSTOM, provider: 'ext-authz', rules: [{ from: [{ serviceAccounts: ['a/b'] }] }] }],
    ...['source.namespace', 'source.principal', 'source.serviceAccount', 'source.trustDomain', 'request.auth.claims[groups]', 'request.auth.principal'].map(
      (key): [string, PolicyInput] => [`the condition ${key} in a CUSTOM policy`, { action: AuthorizationAction.CUSTOM, provider: 'ext-authz', rules: [{ when: [{ key, values: [key === 'source.principal' ? 'cluster.local/ns/a/sa/b' : key === 'source.serviceAccount' ? 'a/b' : key === 'request.auth.principal' ? 'a/b' : 'a'] }] }] }]),
    ['dry run of an AUDIT policy', { action: AuthorizationAction.AUDIT, dryRun: true, rules: [{}] }],
    ['dry run of a CUSTOM policy', { action: AuthorizationAction.CUSTOM, provider: 'ext-authz', dryRun: true, rules: [{}] }],
    ['513 rules', { rules: Array.from({ length: 513 }, () => ({})) }],
    ['513 sources in a rule', rule({ from: Array.from({ length: 513 }, () => ({ namespaces: ['a'] })) })],
    ['a selector label value with a wildcard', { selector: { app: 'review*' }, rules: [{}] }],
  ]),
  ...stricter<PolicyInput>([
    ['a wildcard inside a principal', from({ principals: ['cluster.local/ns/*/sa/frontend'] })],
    ['two wildcards in a principal', from({ principals: ['*/ns/shop/*'] })],
    ['a principal with spiffe://', from({ principals: ['spiffe://cluster.local/ns/shop/sa/frontend'] })],
    ['a principal that is not <trust domain>/ns/<namespace>/sa/<account>', from({ notPrincipals: ['frontend'] })],
    ['a request principal without a subject', from({ requestPrincipals: ['https://issuer.example.com/'] })],
    ['a request principal without an issuer', from({ requestPrincipals: ['alice'] })],
    ['a namespace in uppercase', from({ namespaces: ['Shop'] })],
    ['a wildcard inside a namespace', from({ namespaces: ['team-*-prod'] })],
    ['a service account name that is no DNS name', from({ serviceAccounts: ['shop/Front End'] })],
    ['an empty list beside another field', from({ principals: [], ipBlocks: ['10.0.0.0/8'] })],
    ['an empty from (read as left out: any source)', rule({ from: [] })],
    ['an empty to (read as left out: any operation)', rule({ to: [] })],
    ['port 0', to({ ports: [0] })],
    ['a lowercase method', to({ methods: ['get'] })],
    ['a method wildcard', to({ methods: ['*'] })],
    ['a wildcard inside a path', to({ paths: ['/api/*/items'] })],
    ['a path without a leading slash', to({ paths: ['api/v1'] })],
    ['a path with a query string', to({ paths: ['/search?q=a'] })],
    ['a wildcard inside a host', to({ hosts: ['api.*.example.com'] })],
    ['a host with a space', to({ hosts: ['example .com'] })],
    ['an empty notValues beside values', when('request.headers[x-a]', ['a'], [])],
    ['a destination port 0', when('destination.port', ['0'])],
    ['a source namespace with a wildcard inside', when('source.namespace', ['a*b'])],
    ['a source principal with spiffe://', when('source.principal', ['spiffe://cluster.local/ns/a/sa/b'])],
    ['a header condition with nested brackets', when('request.headers[a][b]', ['x'])],
    ['an AUDIT policy without rules', { action: AuthorizationAction.AUDIT }],
    ['a provider name in uppercase', { action: AuthorizationAction.CUSTOM, provider: 'ExtAuthz', rules: [{}] }],
    ['an empty selector', { selector: {} }],
    ['an empty rules list', { rules: [] }],
  ]),
];

/** A mesh with `reviews` (HTTP 9080). */
function setup() {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh');
  const reviews = mesh.addService('reviews', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'r:1' }] });
  return { chart, mesh, reviews };
}

/** The library's AuthorizationPolicy for `input` (selecting `app: reviews` unless the input selects), or the error it gives. */
function libraryPolicy(input: PolicyInput): { object?: any; error?: string } {
  const { chart, mesh } = setup();
  try {
    new AuthorizationPolicy(chart, 'policy', { mesh, selector: { app: 'reviews' }, ...input });
    return { object: Testing.synth(chart).find(o => o.kind === 'AuthorizationPolicy') };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The policy as written by hand from `input`, for Istio, whatever the library says of it. */
function wirePolicy(name: string, input: PolicyInput): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace: 'default', annotations: input.dryRun ? { 'istio.io/dry-run': 'true' } : undefined },
    spec: {
      selector: { matchLabels: input.selector ?? { app: 'reviews' } },
      action: input.action ?? 'ALLOW',
      provider: input.provider !== undefined ? { name: input.provider } : undefined,
      rules: input.rules && authorizationRulesSpec(input.rules),
    },
  };
}

/** Istio's verdict on each object: the webhook's error, else the API server's; JSON documents with undefined left out. */
function istioErrors(objects: any[]): Array<string | undefined> {
  const text = objects.map(o => JSON.stringify(o)).join('\n---\n');
  const webhook = istioValidate(text);
  const server = apiServerAdmit(text);
  return objects.map((_, i) => webhook[i].error ?? server[i].error);
}

type Library<T> = (input: T) => { object?: any; error?: string };

function describeCases<T>(title: string, cases: Array<Case<T>>, wire: (name: string, input: T) => any, library: Library<T>) {
  describe(title, () => {
    const names = cases.map((_, i) => `case-${i}`);
    let wireErrors: Array<string | undefined> = [];
    let libraryErrors: Array<string | undefined> = [];
    const libraryResults = cases.map(c => library(c.input));
    beforeAll(() => {
      wireErrors = istioErrors(cases.map((c, i) => wire(names[i], c.input)));
      const accepted = libraryResults.flatMap(r => r.object ?? []);
      const errors = istioErrors(accepted);
      libraryErrors = libraryResults.map(r => (r.object ? errors[accepted.indexOf(r.object)] : undefined));
    });

    test.each(cases.map((c, i) => [c.name, i] as const))('%s', (_, i) => {
      const c = cases[i];
      expect({ istio: wireErrors[i] === undefined ? 'accepts' : 'refuses', library: libraryResults[i].error === undefined ? 'accepts' : 'refuses' })
        .toEqual({ istio: c.istio, library: c.library });
      // what the library writes, Istio accepts
      expect(libraryErrors[i]).toBeUndefined();
    });
  });
}

describeCases('AuthorizationPolicy rules: the library and Istio', POLICY_CASES, wirePolicy, libraryPolicy);

const ISSUER = 'https://issuer.example.com';
const JWKS = JSON.stringify({ keys: [{ kty: 'RSA', kid: 'k', n: 'sXch', e: 'AQAB' }] });
const jwt = (r: Partial<JwtRule>, requireToken?: boolean): RequestAuthenticationOptions => ({ jwtRules: [{ issuer: ISSUER, ...r }], requireToken });

const JWT_CASES: Array<Case<RequestAuthenticationOptions>> = [
  ...agree<RequestAuthenticationOptions>('accepts', [
    ['an issuer alone (JWKS discovered)', jwt({})],
    ['a JWKS URI', jwt({ jwksUri: `${ISSUER}/.well-known/jwks.json` })],
    ['a plain-text JWKS URI with a port', jwt({ jwksUri: 'http://keys.example.com:8080/jwks' })],
    ['a JWKS URI in uppercase with an IPv6 host', jwt({ jwksUri: 'HTTPS://[::1]:8443/jwks' })],
    ['an inline JWKS', jwt({ jwks: JWKS })],
    ['a single inline key', jwt({ jwks: JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }) })],
    ['audiences and token locations', jwt({ audiences: ['shop'], fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }], fromParams: ['token'], fromCookies: ['session'] })],
    ['claims to headers and the payload', jwt({ outputClaimToHeaders: [{ header: 'x-user', claim: 'sub' }, { header: 'x_email', claim: 'profile.email' }], outputPayloadToHeader: 'x-jwt-payload' })],
    ['forwarding and a timeout of 1ms', jwt({ forwardOriginalToken: true, timeout: Duration.millis(1) })],
    ['a required token from two issuers', { jwtRules: [{ issuer: ISSUER }, { issuer: 'https://other.example.com' }], requireToken: true }],
  ]),
  ...agree<RequestAuthenticationOptions>('refuses', [
    ['an empty issuer', jwt({ issuer: '' })],
    ['a JWKS and a JWKS URI', jwt({ jwks: JWKS, jwksUri: `${ISSUER}/jwks` })],
    ['an ftp JWKS URI', jwt({ jwksUri: 'ftp://issuer.example.com/jwks' })],
    ['a JWKS URI with a named port', jwt({ jwksUri: 'https://issuer.example.com:https/jwks' })],
    ['a JWKS URI with a space in its host', jwt({ jwksUri: 'https://issuer example.com/jwks' })],
    ['a JWKS URI with a bad escape', jwt({ jwksUri: 'https://issuer%zz/jwks' })],
    ['a JWKS URI of 2049 characters', jwt({ jwksUri: `https://a.example.com/${'a'.repeat(2049 - 22)}` })],
    ['an inline JWKS that is not JSON', jwt({ jwks: '{keys' })],
    ['an empty audience', jwt({ audiences: [''] })],
    ['an empty header name', jwt({ fromHeaders: [{ name: '' }] })],
    ['an empty query parameter', jwt({ fromParams: [''] })],
    ['an empty cookie', jwt({ fromCookies: [''] })],
    ['a claim header with a space', jwt({ outputClaimToHeaders: [{ header: 'x user', claim: 'sub' }] })],
    ['a claim header with a dot', jwt({ outputClaimToHeaders: [{ header: 'x.user', claim: 'sub' }] })],
    ['an empty claim', jwt({ outputClaimToHeaders: [{ header: 'x-user', claim: '' }] })],
    ['an empty claim header', jwt({ outputClaimToHeaders: [{ header: '', claim: 'sub' }] })],
    ['a timeout under 1ms', jwt({ timeout: Duration.millis(0.5) })],
  ]),
  ...stricter<RequestAuthenticationOptions>([
    ['no JWT rule', { jwtRules: [] }],
    ['the same issuer twice', { jwtRules: [{ issuer: ISSUER }, { issuer: ISSUER, audiences: ['a'] }] }],
    ['a JWKS URI without a host', jwt({ jwksUri: 'https://:8443/jwks' })],
    ['a JWKS URI without //', jwt({ jwksUri: 'https:issuer.example.com/jwks' })],
    ['a header name with a space', jwt({ fromHeaders: [{ name: 'x jwt' }] })],
    ['a payload header with a space', jwt({ outputPayloadToHeader: 'x payload' })],
    ['a cookie name with a space', jwt({ fromCookies: ['my session'] })],
    ['an empty audiences list', jwt({ audiences: [] })],
    ['a wildcard in an issuer whose token is required', jwt({ issuer: 'https://*.example.com' }, true)],
  ]),
];

/** The library's RequestAuthentication (and token requirement) on `reviews`, or the error it gives. */
function libraryJwt(options: RequestAuthenticationOptions): { object?: any; error?: string } {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh');
  try {
    mesh.addService('reviews', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'r:1' }], requestAuthentication: options });
    return { object: Testing.synth(chart).find(o => o.kind === 'RequestAuthentication') };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The RequestAuthentication written by hand (a timeout under 1ms as Go writes it). */
function wireJwt(name: string, options: RequestAuthenticationOptions): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'RequestAuthentication',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'reviews' } },
      jwtRules: options.jwtRules.map(r => ({ ...jwtRuleSpec({ ...r, timeout: undefined }), timeout: r.timeout && `${r.timeout.toMilliseconds({ integral: false }) * 1000}us` })),
    },
  };
}

describeCases('RequestAuthentication JWT rules: the library and Istio', JWT_CASES, wireJwt, libraryJwt);

describe('policies on gateways', () => {
  test("a Gateway API Gateway's RequestAuthentication, require-jwt and custom policies name it by targetRefs, which Istio and the API server accept", () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { routingApi: RoutingApi.GATEWAY_API });
    const web = new Gateway(mesh, 'web', {
      mesh, namespace: 'web', servers: [GatewayServer.http({ hosts: ['*'] })], requestAuthentication: { jwtRules: [{ issuer: ISSUER }], requireToken: true },
    });
    new AuthorizationPolicy(chart, 'ext', { mesh, gateway: web, action: AuthorizationAction.CUSTOM, provider: 'ext-authz', rules: [{ to: [{ paths: ['/admin/*'] }] }] });
    // WHEN
    const objects = Testing.synth(chart).filter(o => ['RequestAuthentication', 'AuthorizationPolicy'].includes(o.kind));
    // THEN
    expect(objects.map(o => [o.kind, o.metadata.name, o.spec.targetRefs])).toEqual([
      ['RequestAuthentication', 'web', [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' }]],
      ['AuthorizationPolicy', 'web-require-jwt', [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' }]],
      ['AuthorizationPolicy', 'ext', [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' }]],
    ]);
    expect(istioErrors(objects)).toEqual([undefined, undefined, undefined]);
  });
});

describe('the objects that require a token', () => {
  test("a service's and a gateway's RequestAuthentication and require-jwt policies pass Istio's webhook and the API server", () => {
    // GIVEN a service with an HTTP and a TCP port, and an ingress gateway
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh');
    const options: RequestAuthenticationOptions = { jwtRules: [{ issuer: ISSUER, jwksUri: `${ISSUER}/jwks` }], requireToken: true };
    mesh.addService('reviews', { ports: [{ port: 9080 }, { port: 3306, protocol: Protocol.TCP }], versions: [{ name: 'v1', image: 'r:1' }], requestAuthentication: options });
    mesh.addService('ratings', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'r:1' }], requestAuthentication: options });
    new Gateway(mesh, 'ingress', { mesh, servers: [GatewayServer.http({ hosts: ['*'] })], requestAuthentication: options });
    // WHEN
    const objects = Testing.synth(chart).filter(o => ['RequestAuthentication', 'AuthorizationPolicy'].includes(o.kind));
    // THEN every one passes; only the policies without ports get the webhook's warning about TCP ports
    expect(objects.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'RequestAuthentication default/reviews', 'AuthorizationPolicy default/reviews-require-jwt',
      'RequestAuthentication default/ratings', 'AuthorizationPolicy default/ratings-require-jwt',
      'RequestAuthentication istio-ingress/ingress', 'AuthorizationPolicy istio-ingress/ingress-require-jwt',
    ]);
    expect(istioErrors(objects)).toEqual(objects.map(() => undefined));
    expect(istioValidate(objects).map(v => v.warning !== undefined)).toEqual([false, false, false, true, false, true]);
  });
});
