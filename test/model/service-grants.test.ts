import { Chart, Testing } from 'cdk8s';
import { Caller, Gateway, GatewayServer, Mesh, MeshService, StringMatch } from '../../src';
import { meshModelOf } from '../../src/model/mesh';
import { serviceModelOf } from '../../src/model/service';
import { gatewayGrants, serviceGrants } from '../../src/model/service-grants';

function setup() {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh');
  const svc = (name: string) => mesh.addService(name, { ports: [{ port: 80 }, { port: 81 }] });
  return { chart, mesh, svc };
}

/** The grants of a service as `kind value options`. */
function grantsOf(mesh: Mesh, service: MeshService): string[] {
  return serviceGrants(serviceModelOf(service)!, meshModelOf(mesh)!).map(g => `${g.caller.kind} ${g.caller.value} ${JSON.stringify(g.options)}`);
}

describe('serviceGrants', () => {
  test('GIVEN a service nobody calls THEN it has no grants', () => {
    // GIVEN
    const { mesh, svc } = setup();
    // THEN
    expect(grantsOf(mesh, svc('lonely'))).toEqual([]);
  });

  test('GIVEN declared callers, a caller through a route and gateways THEN the grants are the declared ones in order, then the routed, then the gateways', () => {
    // GIVEN
    const { chart, mesh, svc } = setup();
    const api = svc('api');
    const front = svc('front');
    const web = svc('web');
    front.addRoute({ matches: [{ uri: StringMatch.prefix('/api') }], destinations: [{ host: api, port: 81 }] });
    web.calls(front, { methods: ['GET'], paths: ['/api/*'], ports: [80] });
    const a = new Gateway(chart, 'a', { mesh, servers: [GatewayServer.http({ hosts: ['a.example.com'] })] });
    const b = new Gateway(chart, 'b', { mesh, workloadName: 'b', servers: [GatewayServer.http({ hosts: ['b.example.com'] })] });
    // WHEN
    api.allowCallsFrom(Caller.namespace('ops'), { ports: [80] });
    web.calls(api);
    a.addRoute({ hosts: ['a.example.com'], matches: [{ uri: StringMatch.prefix('/1') }], destinations: [{ host: api, port: 80 }] });
    a.addRoute({ hosts: ['a.example.com'], matches: [{ uri: StringMatch.prefix('/2') }], destinations: [{ host: api, port: 81 }] });
    a.addRoute({ hosts: ['a.example.com'], destinations: [{ host: api, port: 80 }] });
    b.addRoute({ hosts: ['b.example.com'], matches: [{ uri: StringMatch.prefix('/1') }], destinations: [{ host: api, port: 80 }] });
    const solo = mesh.addService('solo', { ports: [{ port: 80 }] });
    b.addRoute({ hosts: ['b.example.com'], destinations: [{ host: solo }] });
    // THEN
    expect(grantsOf(mesh, api)).toEqual([
      'NAMESPACE ops {"ports":[80]}',
      'SERVICE test/mesh/web {}',
      // web's sidecar follows front's route to api: on the route's port, with web's methods, without its paths
      'SERVICE test/mesh/web {"ports":[81],"methods":["GET"]}',
      'GATEWAY test/a {"ports":[80,81]}',
      'GATEWAY test/b {"ports":[80]}',
    ]);
    expect(gatewayGrants(serviceModelOf(api)!, meshModelOf(mesh)!).map(g => g.caller.value)).toEqual(['test/a', 'test/b']);
    // a route without port (the service has one): every port
    expect(grantsOf(mesh, solo)).toEqual(['GATEWAY test/b {}']);
    expect(grantsOf(mesh, front)).toEqual(['SERVICE test/mesh/web {"methods":["GET"],"paths":["/api/*"],"ports":[80]}']);
  });

  test("GIVEN a service's routes to its own versions WHEN it is called THEN no grant is added for the route (it is the same host)", () => {
    // GIVEN
    const { mesh } = setup();
    const api = mesh.addService('api', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'a:1' }, { name: 'v2', image: 'a:2' }] });
    api.addRoute({ destinations: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] });
    // WHEN
    api.allowCallsFrom(Caller.namespace('x'));
    // THEN
    expect(grantsOf(mesh, api)).toEqual(['NAMESPACE x {}']);
  });
});
