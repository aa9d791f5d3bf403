import { Chart, Duration, Testing } from 'cdk8s';
import { Gateway, GatewayServer, GatewayTls, JwtRule, Mesh, MeshServiceOptions, Protocol, RequestAuthenticationOptions } from '../src';
import { exactly, findAll, findObject, synthProblems, synthValid } from './util/validate';

const ISSUER = 'https://issuer.example.com';

function setup() {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh');
  return { chart, mesh };
}

/** `reviews` (HTTP 9080 unless `options` give ports) with `requestAuthentication`. */
function reviews(mesh: Mesh, requestAuthentication: RequestAuthenticationOptions, options: MeshServiceOptions = {}) {
  return mesh.addService('reviews', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'r:1' }], requestAuthentication, ...options });
}

/** The error of `reviews` with one JWT rule `rule` (and `requireToken`). */
function ruleError(rule: Partial<JwtRule>, requireToken?: boolean): () => void {
  const { mesh } = setup();
  return () => reviews(mesh, { jwtRules: [{ issuer: ISSUER, ...rule }], requireToken });
}

describe('RequestAuthentication of a service', () => {
  test('every field of a JWT rule is written, and the RequestAuthentication selects the pods', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    reviews(mesh, {
      jwtRules: [{
        issuer: ISSUER,
        audiences: ['shop'],
        jwksUri: `${ISSUER}/jwks`,
        fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }, { name: 'x-token' }],
        fromParams: ['token'],
        fromCookies: ['session'],
        outputPayloadToHeader: 'x-jwt-payload',
        outputClaimToHeaders: [{ header: 'x-user', claim: 'sub' }],
        forwardOriginalToken: true,
        timeout: Duration.seconds(5),
      }, { issuer: 'https://other.example.com', jwks: '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}' }],
    });
    // THEN
    const objects = await synthValid(chart);
    expect(findAll(objects, 'AuthorizationPolicy')).toEqual([]);
    expect(findObject(objects, 'RequestAuthentication', 'reviews', 'default').spec).toEqual({
      selector: { matchLabels: { app: 'reviews' } },
      jwtRules: [{
        issuer: ISSUER,
        audiences: ['shop'],
        jwksUri: `${ISSUER}/jwks`,
        fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }, { name: 'x-token' }],
        fromParams: ['token'],
        fromCookies: ['session'],
        outputPayloadToHeader: 'x-jwt-payload',
        outputClaimToHeaders: [{ header: 'x-user', claim: 'sub' }],
        forwardOriginalToken: true,
        timeout: '5s',
      }, { issuer: 'https://other.example.com', jwks: '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}' }],
    });
  });

  test("requireToken adds a DENY policy for requests without a request principal of the rules' issuers", async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { jwtRules: [{ issuer: ISSUER }, { issuer: 'https://other.example.com' }], requireToken: true });
    expect(findObject(await synthValid(chart), 'AuthorizationPolicy', 'reviews-require-jwt', 'default').spec).toEqual({
      selector: { matchLabels: { app: 'reviews' } },
      action: 'DENY',
      rules: [{ from: [{ source: { notRequestPrincipals: [`${ISSUER}/*`, 'https://other.example.com/*'] } }] }],
    });
  });

  test('the token requirement of a service with ports that are not HTTP is limited to its HTTP container ports', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { jwtRules: [{ issuer: ISSUER }], requireToken: true }, {
      ports: [
        { port: 80, targetPort: 8080 }, { port: 9090, protocol: Protocol.GRPC },
        { port: 3306, protocol: Protocol.TCP }, { port: 443, protocol: Protocol.HTTPS },
      ],
    });
    expect(findObject(await synthValid(chart), 'AuthorizationPolicy', 'reviews-require-jwt', 'default').spec.rules)
      .toEqual([{ from: [{ source: { notRequestPrincipals: [`${ISSUER}/*`] } }], to: [{ operation: { ports: ['8080', '9090'] } }] }]);
  });

  test('a service without an HTTP port cannot require a token; without requireToken it may validate tokens', () => {
    const { mesh } = setup();
    const tcpOnly = { ports: [{ port: 3306, protocol: Protocol.TCP }] };
    expect(() => reviews(mesh, { jwtRules: [{ issuer: ISSUER }], requireToken: true }, tcpOnly)).toThrow(exactly(
      "[test/mesh/reviews] 'requestAuthentication.requireToken' needs an HTTP port, but service 'reviews' has none: "
      + 'a connection that is not HTTP carries no token, so every request would be denied'));
    expect(() => reviews(setup().mesh, { jwtRules: [{ issuer: ISSUER }] }, { ports: [{ port: 3306, protocol: Protocol.TCP }] })).not.toThrow();
  });
});

describe('JWT rule values', () => {
  const P = "[test/mesh/reviews] 'requestAuthentication.jwtRules[0]";

  test('the issuer, and the JWKS as a URI or inline (not both)', () => {
    expect(ruleError({ issuer: '' })).toThrow(exactly(`${P}.issuer' must not be empty`));
    expect(ruleError({ issuer: 'https://issuer example.com' })).toThrow(exactly(`${P}.issuer' must not contain whitespace, got 'https://issuer example.com'`));
    expect(ruleError({ jwksUri: `${ISSUER}/jwks`, jwks: '{"kty":"oct"}' })).toThrow(exactly(`${P}' gives 'jwks' and 'jwksUri': give one (Istio refuses both)`));
    for (const uri of ['ftp://issuer.example.com/jwks', 'https:issuer.example.com/jwks', 'https://:8443/jwks', 'issuer.example.com/jwks']) {
      expect(ruleError({ jwksUri: uri })).toThrow(exactly(`${P}.jwksUri' must be an http:// or https:// URL with a host, got '${uri}'`));
    }
    expect(ruleError({ jwksUri: `https://a.example.com/${'a'.repeat(2048 - 22)}` })).not.toThrow();
    expect(ruleError({ jwksUri: `https://a.example.com/${'a'.repeat(2049 - 22)}` })).toThrow(exactly(`${P}.jwksUri' must be at most 2048 characters, got 2049`));
    expect(ruleError({ jwks: '{keys' })).toThrow(exactly(`${P}.jwks' must be a JSON Web Key Set (JSON), got text that is not JSON`));
    for (const jwks of ['{"keys":[]}', '{"keys":[{"kid":"a"}]}', '[]', '"key"']) {
      expect(ruleError({ jwks })).toThrow(exactly(`${P}.jwks' must be a JSON Web Key Set ({"keys": [...]}, each key with its "kty") or a single key`));
    }
  });

  test('audiences, token locations and claim headers', () => {
    expect(ruleError({ audiences: [''], fromParams: [''], fromCookies: ['my session'], fromHeaders: [{ name: 'x jwt' }] })).toThrow(exactly([
      `${P}.audiences[0]' must not be empty`,
      `${P}.fromHeaders[0].name' must be a header name (letters, digits and !#$%&'*+-.^_\`|~), got 'x jwt'`,
      `${P}.fromParams[0]' must not be empty`,
      `${P}.fromCookies[0]' must be a cookie name (letters, digits and !#$%&'*+-.^_\`|~), got 'my session'`,
    ].map(m => m.replace(/^/, '')).join('\n')));
    expect(ruleError({ audiences: [], fromHeaders: [], outputClaimToHeaders: [] })).toThrow(exactly([
      `${P}.audiences' is empty: leave it out for the default`,
      `${P}.fromHeaders' is empty: leave it out for the default`,
      `${P}.outputClaimToHeaders' is empty: leave it out`,
    ].join('\n')));
    expect(ruleError({ outputPayloadToHeader: 'x payload', outputClaimToHeaders: [{ header: 'x.user', claim: '' }] })).toThrow(exactly([
      `${P}.outputPayloadToHeader' must be a header name (letters, digits and !#$%&'*+-.^_\`|~), got 'x payload'`,
      `${P}.outputClaimToHeaders[0].header' must be a header name of letters, digits, '-' and '_', got 'x.user'`,
      `${P}.outputClaimToHeaders[0].claim' must not be empty`,
    ].join('\n')));
  });

  test('a timeout of at least 1ms, in whole milliseconds', () => {
    expect(ruleError({ timeout: Duration.millis(1) })).not.toThrow();
    expect(ruleError({ timeout: Duration.millis(0.5) })).toThrow(exactly(`${P}.timeout' must be at least 1ms, got 0.5ms`));
  });

  test('at least one rule, each issuer once, and no wildcard in an issuer whose token is required', () => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { jwtRules: [] })).toThrow(exactly(
      "[test/mesh/reviews] 'requestAuthentication.jwtRules' is empty: give the issuers whose tokens are validated"));
    expect(() => reviews(setup().mesh, { jwtRules: [{ issuer: ISSUER }, { issuer: 'b' }, { issuer: ISSUER }] })).toThrow(exactly(
      `[test/mesh/reviews] 'requestAuthentication.jwtRules[2].issuer' '${ISSUER}' is already given at jwtRules[0]: give each issuer once`));
    expect(ruleError({ issuer: 'https://*.example.com' }, true)).toThrow(exactly(`${P}.issuer' must not contain '*' with 'requireToken': `
      + "the policy that requires a token names issuers in request principals, where '*' is a wildcard, got 'https://*.example.com'"));
    expect(ruleError({ issuer: 'https://*.example.com' })).not.toThrow();
  });
});

describe('RequestAuthentication of a gateway', () => {
  test('a gateway validates tokens at its pods, in their namespace, and may require one', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    new Gateway(mesh, 'ingress', {
      mesh,
      servers: [GatewayServer.http({ hosts: ['*'] }), GatewayServer.https({ hosts: ['*'], tls: GatewayTls.simple({ credentialName: 'cert' }) })],
      requestAuthentication: { jwtRules: [{ issuer: ISSUER }], requireToken: true },
    });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'RequestAuthentication', 'ingress', 'istio-ingress').spec)
      .toEqual({ selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ issuer: ISSUER }] });
    expect(findObject(objects, 'AuthorizationPolicy', 'ingress-require-jwt', 'istio-ingress').spec).toEqual({
      selector: { matchLabels: { istio: 'ingressgateway' } },
      action: 'DENY',
      rules: [{ from: [{ source: { notRequestPrincipals: [`${ISSUER}/*`] } }] }],
    });
  });

  test('a gateway that requires a token and serves TCP or TLS passthrough fails at synthesis', async () => {
    const { chart, mesh } = setup();
    const gateway = new Gateway(mesh, 'ingress', {
      mesh,
      servers: [GatewayServer.http({ hosts: ['*'] }), GatewayServer.tcp({ port: 31400, hosts: ['*'] })],
      ports: [{ port: 80, name: 'http2', targetPort: 8080 }, { port: 31400, name: 'tcp' }, { port: 8443, name: 'tls' }],
      requestAuthentication: { jwtRules: [{ issuer: ISSUER }], requireToken: true },
    });
    gateway.addServer(GatewayServer.tls({ port: 8443, hosts: ['db.example.com'], tls: GatewayTls.passthrough() }));
    expect(await synthProblems(chart)).toEqual([
      "[test/mesh/ingress] 'requestAuthentication.requireToken' would deny every connection of server 'tcp' (port 31400, TCP): "
        + 'a connection the gateway does not read as HTTP carries no token; serve it on a gateway that does not require one',
      "[test/mesh/ingress] 'requestAuthentication.requireToken' would deny every connection of server 'tls' (port 8443, TLS PASSTHROUGH): "
        + 'a connection the gateway does not read as HTTP carries no token; serve it on a gateway that does not require one',
    ]);
  });

  test("a gateway's JWT rules are checked", () => {
    const { mesh } = setup();
    expect(() => new Gateway(mesh, 'ingress', { mesh, servers: [GatewayServer.http({ hosts: ['*'] })], requestAuthentication: { jwtRules: [] } }))
      .toThrow(exactly("[test/mesh/ingress] 'requestAuthentication.jwtRules' is empty: give the issuers whose tokens are validated"));
  });
});
