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

const PATH = "'paths' must be an exact path ('/api'), a prefix ('/api/*'), a suffix ('*.png') or '*', without '?', '#', '{' or '}'";

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
    ['/a', true], ['/', true], ['/a*', true], ['/*', true], ['*/a', true], ['*.png', true], ['*', true], ['/a/b-c_d.e~f%20', true],
    ['', false], ['a', false], ['a*', false], ['**', false], ['*a*', false], ['/a*b', false], ['/*a', false], ['/a**', false],
    ['/a?b=1', false], ['/a#b', false], ['*?x', false], ['/a{x}', false], ['/a/{*}', false], ['/a}', false],
  ])("WHEN a path is '%s' THEN it is accepted: %s", (path, ok) => {
    // GIVEN
    const { api } = setup();
    // THEN
    expect(callOptionProblems('call', { paths: [path], ports: [80] }, api, [5432])).toEqual(ok ? [] : [`call: ${PATH}, got '${path}'`]);
  });

  test.each([
    ['GET', true], ['PURGE', true], ['M-SEARCH', true], ['get', true],
    ['', false], ['GET ', false], ['GET,POST', false], ['G/T', false], ['GÉT', false],
  ])("WHEN a method is '%s' THEN it is accepted: %s", (method, ok) => {
    // GIVEN
    const { api } = setup();
    // THEN
    expect(callOptionProblems('call', { methods: [method], ports: [80] }, api, [5432]))
      .toEqual(ok ? [] : [`call: 'methods' must be HTTP method tokens (e.g. 'GET'), got '${method}'`]);
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
      "caller 'Caller.namespace' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Bad'",
    ]);
    expect(callGraphProblems(serviceModelOf(back)!, model)).toEqual([]);
  });
});
