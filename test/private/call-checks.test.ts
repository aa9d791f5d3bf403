import { Chart, Testing } from 'cdk8s';
import { AuthorizationMode, Caller, Gateway, GatewayServer, Mesh, Protocol } from '../../src';
import { meshModelOf } from '../../src/model/mesh';
import { serviceModelOf } from '../../src/model/service';
import { callGraphProblems, callOptionProblems } from '../../src/private/call-checks';

function setup() {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh');
  const api = mesh.addService('api', { ports: [{ port: 80 }, { port: 81 }, { port: 5432, protocol: Protocol.TCP }] });
  return { chart, mesh, api };
}

const STAR = "may hold one '*' at most, as prefix, suffix or alone (e.g. '/api/*'): Istio reads any other '*' as a literal character";
const SLASH = "never matches: request paths start with '/'";
const QUERY = 'never matches: Istio matches the path without the query string';
const BRACE = "is not a path Istio accepts: '{' and '}' are only allowed as whole segments '{*}' and '{**}'";
const METHOD = 'must be an HTTP method (an uppercase token such as GET)';

describe('callOptionProblems', () => {
  test('GIVEN no narrowing THEN there is no problem', () => {
    // GIVEN
    const { api } = setup();
    // THEN
    expect(callOptionProblems('call', {}, api, [5432])).toEqual([]);
  });

  test("WHEN ports are the callee's THEN they are accepted; a port it does not have is named with the callee's ports", () => {
    // GIVEN
    const { api } = setup();
    // THEN
    expect(callOptionProblems('call', { ports: [80, 5432] }, api, undefined)).toEqual([]);
    expect(callOptionProblems('call', { ports: [80, 82] }, api, undefined)).toEqual(["call: 'ports' 82 is not a port of 'api' (ports: 80, 81, 5432)"]);
  });

  test.each([
    ['/a'], ['/'], ['/a*'], ['/*'], ['*/a'], ['*.png'], ['*'], ['/a/b-c_d.e~f%20'], ['/a/{*}'], ['/a/{**}'],
  ])("WHEN a path is '%s' THEN it is accepted (exact, prefix, suffix, '*', Istio's path templates)", (path) => {
    // GIVEN
    const { api } = setup();
    // THEN
    expect(callOptionProblems('call', { paths: [path], ports: [80] }, api, [5432])).toEqual([]);
  });

  test.each([
    ['', 'must not be empty'], ['a', SLASH], ['a*', SLASH], ['**', STAR], ['*a*', STAR], ['/a*b', STAR], ['/*a', STAR], ['/a**', STAR],
    ['/a?b=1', QUERY], ['/a#b', QUERY], ['*?x', QUERY], ['/a{x}', BRACE], ['/a}', BRACE],
  ])("WHEN a path is '%s' THEN it is refused: %s", (path, why) => {
    // GIVEN
    const { api } = setup();
    // THEN
    expect(callOptionProblems('call', { paths: [path], ports: [80] }, api, [5432]))
      .toEqual([path === '' ? `call: 'paths[0]' ${why}` : `call: 'paths[0]' ${why}, got '${path}'`]);
  });

  test.each([['GET'], ['PURGE'], ['M-SEARCH']])("WHEN a method is '%s' THEN it is accepted", (method) => {
    // GIVEN
    const { api } = setup();
    // THEN
    expect(callOptionProblems('call', { methods: [method], ports: [80] }, api, [5432])).toEqual([]);
  });

  test.each([
    ['', "call: 'methods[0]' must not be empty"],
    ['get', "call: 'methods[0]' never matches: methods are case-sensitive and requests send them in uppercase ('GET'), got 'get'"],
    ['GET ', `call: 'methods[0]' ${METHOD}, got 'GET '`], ['GET,POST', `call: 'methods[0]' ${METHOD}, got 'GET,POST'`],
    ['G/T', `call: 'methods[0]' ${METHOD}, got 'G/T'`], ['GÉT', `call: 'methods[0]' ${METHOD}, got 'GÉT'`],
  ])("WHEN a method is '%s' THEN it is refused", (method, message) => {
    // GIVEN
    const { api } = setup();
    // THEN
    expect(callOptionProblems('call', { methods: [method], ports: [80] }, api, [5432])).toEqual([message]);
  });

  test('WHEN a list is empty THEN it is a problem of its own', () => {
    // GIVEN
    const { api } = setup();
    // THEN
    expect(callOptionProblems('call', { ports: [], methods: [], paths: [] }, api, undefined)).toEqual([
      "call: 'ports' must not be empty (leave it out for every port)",
      "call: 'methods' must not be empty (leave it out for every method)",
      "call: 'paths' must not be empty (leave it out for every path)",
    ]);
  });

  test('WHEN methods or paths may reach a non-HTTP port THEN it is a problem; narrowed to HTTP ports, or with the ports unknown, it is not', () => {
    // GIVEN
    const { api } = setup();
    const tcp = (port: string) => `call: 'methods' and 'paths' need HTTP ports, but the call may use ${port}, where Istio sees no HTTP request and `
      + "the rule would never match: narrow 'ports' to the HTTP ports";
    // THEN
    expect(callOptionProblems('call', { methods: ['GET'] }, api, [5432])).toEqual([tcp('port 5432')]);
    expect(callOptionProblems('call', { paths: ['/x'] }, api, [5432, 5433])).toEqual([tcp('ports 5432, 5433')]);
    expect(callOptionProblems('call', { paths: ['/x'], ports: [80, 5432] }, api, [5432])).toEqual([tcp('port 5432')]);
    expect(callOptionProblems('call', { paths: ['/x'], ports: [80, 81] }, api, [5432])).toEqual([]);
    expect(callOptionProblems('call', { ports: [5432] }, api, [5432])).toEqual([]);
    expect(callOptionProblems('call', { methods: ['GET'] }, api, undefined)).toEqual([]);
  });
});

describe('callGraphProblems', () => {
  test('GIVEN a call to a service THEN its problems are reported for the caller (as a call) and for the callee (as a caller)', () => {
    // GIVEN
    const { mesh, api } = setup();
    const web = mesh.addService('web', { ports: [{ port: 80 }] });
    // WHEN
    web.calls(api, { methods: ['GET'] });
    // THEN
    const model = meshModelOf(mesh)!;
    expect(callGraphProblems(serviceModelOf(api)!, model)).toEqual([
      "caller service 'test/mesh/web': 'methods' and 'paths' need HTTP ports, but the call may use port 5432, where Istio sees no HTTP request "
        + "and the rule would never match: narrow 'ports' to the HTTP ports",
    ]);
    // the caller's side does not know the callee's protocols: the callee reports them
    expect(callGraphProblems(serviceModelOf(web)!, model)).toEqual([]);
  });

  test('GIVEN calls to a ServiceReference and an ExternalService WHEN they narrow methods or paths THEN each is a problem; ports alone are not', () => {
    // GIVEN
    const { mesh } = setup();
    const web = mesh.addService('web', { ports: [{ port: 80 }] });
    const payments = mesh.referenceService('payments', { namespace: 'payments', ports: [{ port: 8080, protocol: Protocol.HTTP }] });
    const cnn = mesh.addExternalService('cnn', { hosts: ['edition.cnn.com'], ports: [{ number: 80, protocol: Protocol.HTTP }] });
    // WHEN
    web.calls(payments, { ports: [8080] });
    web.calls(payments, { methods: ['GET'] });
    web.calls(cnn, { paths: ['/world/*'] });
    // THEN
    const narrow = "'methods' and 'paths' narrow the callee's AuthorizationPolicy, which this app does not write "
      + "(a ServiceReference's owner writes it; an ExternalService has none): leave them out";
    expect(callGraphProblems(serviceModelOf(web)!, meshModelOf(mesh)!)).toEqual([
      `call to 'test/mesh/reference-payments.payments': ${narrow}`,
      `call to 'test/mesh/external-cnn': ${narrow}`,
    ]);
  });

  test('GIVEN a selector-only gateway routing to a service THEN it is a problem only when the service denies by default', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const open = mesh.addService('open', { ports: [{ port: 80 }] });
    const closed = mesh.addService('closed', { ports: [{ port: 80 }], authorization: AuthorizationMode.DENY_BY_DEFAULT });
    const gateway = new Gateway(chart, 'gw', { mesh, selector: { istio: 'x' }, servers: [GatewayServer.http({ hosts: ['a.example.com', 'b.example.com'] })] });
    // WHEN
    gateway.addRoute({ hosts: ['a.example.com'], destinations: [{ host: open }] });
    gateway.addRoute({ hosts: ['b.example.com'], destinations: [{ host: closed }] });
    // THEN
    const model = meshModelOf(mesh)!;
    expect(callGraphProblems(serviceModelOf(open)!, model)).toEqual([]);
    expect(callGraphProblems(serviceModelOf(closed)!, model)).toEqual([
      "gateway 'test/gw' routes to this service, which denies by default, but who its pods run as is not known (it selects existing pods by "
        + "'selector'): give the gateway 'installedService' with its 'serviceAccountName'",
    ]);
  });

  test('GIVEN a caller declared on a host that routes elsewhere THEN its problems are reported where it was declared, not again at the destination', () => {
    // GIVEN
    const { mesh } = setup();
    const front = mesh.addService('front', { ports: [{ port: 80 }], authorization: AuthorizationMode.DENY_BY_DEFAULT });
    const back = mesh.addService('back', { ports: [{ port: 80 }], authorization: AuthorizationMode.DENY_BY_DEFAULT });
    front.addRoute({ destinations: [{ host: back }] });
    // WHEN
    front.allowCallsFrom(Caller.namespace('Bad'));
    // THEN
    const model = meshModelOf(mesh)!;
    expect(callGraphProblems(serviceModelOf(front)!, model)).toEqual([
      "caller 'Caller.namespace' must be a namespace name (DNS-1123 label), or one '*' at most, as prefix, suffix or alone, got 'Bad'",
    ]);
    expect(callGraphProblems(serviceModelOf(back)!, model)).toEqual([]);
  });
});
