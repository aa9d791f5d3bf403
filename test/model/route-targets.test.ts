import { Chart, Testing } from 'cdk8s';
import { Mesh, Protocol, StringMatch } from '../../src';
import { routeTableOf } from '../../src/model/host-names';
import { routeTargets } from '../../src/model/route-targets';

describe('routeTargets', () => {
  test("GIVEN HTTP, TCP and TLS routes with mirrors WHEN their targets are read THEN each destination and mirror is one, with its port; no host is the table's owner", () => {
    // GIVEN
    const mesh = new Mesh(new Chart(Testing.app(), 'test'), 'mesh');
    const api = mesh.addService('api', {
      ports: [{ port: 80 }, { port: 5432, protocol: Protocol.TCP }, { port: 443, protocol: Protocol.TLS }],
      versions: [{ name: 'v1', image: 'api:1' }, { name: 'v2', image: 'api:2' }],
    });
    const b = mesh.addService('b', { ports: [{ port: 80 }] });
    const c = mesh.addService('c', { ports: [{ port: 5432, protocol: Protocol.TCP }] });
    const d = mesh.addService('d', { ports: [{ port: 443, protocol: Protocol.TLS }] });
    // WHEN
    api.addRoute({ matches: [{ uri: StringMatch.prefix('/b') }], destinations: [{ host: b, port: 80 }], mirror: { destination: { host: c } } });
    api.addRoute({ destinations: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }] });
    api.addTcpRoute({ matches: [{ port: 5432 }], destinations: [{ host: c, port: 5432 }] });
    api.addTlsRoute({ matches: [{ port: 443, sniHosts: ['d.example.com'] }], destinations: [{ host: d }] });
    // THEN
    expect(routeTargets(routeTableOf(api)!).map(t => ({ host: t.host.name, port: t.port }))).toEqual([
      { host: 'b', port: 80 },
      { host: 'c', port: undefined },
      { host: 'api', port: undefined },
      { host: 'api', port: undefined },
      { host: 'c', port: 5432 },
      { host: 'd', port: undefined },
    ]);
    expect(routeTargets(routeTableOf(b)!)).toEqual([]);
  });
});
