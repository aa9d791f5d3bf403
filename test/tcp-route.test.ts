import { Protocol } from '../src';
import { addService, setup, virtualService } from './util/routes';
import { synthErrors } from './util/validate';

describe('TCP routes', () => {
  test('a TCP route renders before the default TCP route', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const mongo = addService(mesh, 'mongo', { protocol: Protocol.MONGO, port: 27017, versions: ['v1', 'v2'] });
    // WHEN
    mongo.addTcpRoute({ matches: [{ port: 27017, sourceLabels: { app: 'reports' } }], destinations: [{ version: 'v2' }] });
    // THEN
    expect(await virtualService(chart, 'mongo')).toEqual({
      hosts: ['mongo'],
      tcp: [
        { match: [{ port: 27017, sourceLabels: { app: 'reports' } }], route: [{ destination: { host: 'mongo', subset: 'v2' } }] },
        { route: [{ destination: { host: 'mongo', subset: 'v1' } }] },
      ],
    });
  });

  test('TCP matches render destination subnets, source namespace and gateways; several matches are ORed', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432, versions: ['v1', 'v2'] });
    // WHEN
    db.addTcpRoute({
      matches: [
        { destinationSubnets: ['10.0.0.0/8', '192.168.1.1', '2001:db8::/32'], sourceNamespace: 'reports' },
        { gateways: ['mesh'], sourceLabels: { app: 'reports' } },
      ],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await virtualService(chart, 'db')).tcp[0].match).toEqual([
      { destinationSubnets: ['10.0.0.0/8', '192.168.1.1', '2001:db8::/32'], sourceNamespace: 'reports' },
      { gateways: ['mesh'], sourceLabels: { app: 'reports' } },
    ]);
  });

  test('a weighted TCP catch-all replaces the default TCP route', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432, versions: ['v1', 'v2'] });
    // WHEN
    db.addTcpRoute({ destinations: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] });
    // THEN
    expect((await virtualService(chart, 'db')).tcp).toEqual([{
      route: [
        { destination: { host: 'db', subset: 'v1' }, weight: 80 },
        { destination: { host: 'db', subset: 'v2' }, weight: 20 },
      ],
    }]);
  });

  test('a TCP match whose conditions are all empty counts as a catch-all', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432, versions: ['v1', 'v2'] });
    // WHEN
    db.addTcpRoute({ matches: [{ destinationSubnets: [], sourceLabels: {} }], destinations: [{ version: 'v2' }] });
    // THEN
    expect((await virtualService(chart, 'db')).tcp).toHaveLength(1);
  });

  test('a TCP route can send to an external service port', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432, versions: ['v1'] });
    const legacy = mesh.addExternalService('legacy-db', {
      hosts: ['db.legacy.example.com'],
      addresses: ['10.10.0.5'],
      ports: [{ number: 5432, protocol: Protocol.TCP }],
    });
    // WHEN
    db.addTcpRoute({ matches: [{ sourceLabels: { app: 'migrator' } }], destinations: [{ host: legacy, port: 5432 }] });
    // THEN
    expect((await virtualService(chart, 'db')).tcp[0].route).toEqual([{ destination: { host: 'db.legacy.example.com', port: { number: 5432 } } }]);
  });

  test('a TCP route after a TCP catch-all fails at synth', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432, versions: ['v1', 'v2'] });
    // WHEN
    db.addTcpRoute({ destinations: [{ version: 'v1' }] });
    db.addTcpRoute({ matches: [{ port: 5432 }], destinations: [{ version: 'v2' }] });
    // THEN
    expect(synthErrors(chart)).toContain('[test/mesh/db] tcpRoutes[1] is unreachable: tcpRoutes[0] before it matches every connection; put more specific routes first');
  });
});

describe('invalid routes fail when added', () => {
  test.each([
    ['10.0.0.0/33', 0],
    ['not-an-ip', 0],
    ['10.0.0.1/8/1', 0],
    ['2001:db8::/129', 0],
  ])('destination subnet %p fails', (subnet) => {
    const { mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432 });
    expect(() => db.addTcpRoute({ matches: [{ destinationSubnets: ['10.1.0.0/16', subnet] }], destinations: [{ version: 'v1' }] }))
      .toThrow(`[test/mesh/db] tcpRoutes[0]: 'matches[0].destinationSubnets[1]' must be an IPv4 or IPv6 address or CIDR block, got '${subnet}'`);
  });

  test('invalid TCP match labels and source namespace fail', () => {
    const { mesh } = setup();
    const db = addService(mesh, 'db', { protocol: Protocol.TCP, port: 5432 });
    expect(() => db.addTcpRoute({ matches: [{ sourceLabels: { app: 'a b' }, sourceNamespace: 'A' }], destinations: [{ version: 'v1' }] })).toThrow([
      "[test/mesh/db] tcpRoutes[0]: 'matches[0].sourceLabels' has an invalid value for label 'app': got 'a b' (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, or empty)",
      "[test/mesh/db] tcpRoutes[0]: 'matches[0].sourceNamespace' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'A'",
    ].join('\n'));
  });
});
