import { Protocol } from '../src';
import { addService, setup, virtualService } from './util/routes';
import { synthErrors } from './util/validate';

describe('TLS routes', () => {
  test('a TLS route on an HTTPS port renders before the default SNI route', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443, versions: ['v1', 'v2'] });
    // WHEN
    secure.addTlsRoute({ matches: [{ sniHosts: ['secure'], port: 443, sourceLabels: { app: 'beta-client' } }], destinations: [{ version: 'v2' }] });
    // THEN
    expect(await virtualService(chart, 'secure')).toEqual({
      hosts: ['secure'],
      tls: [
        { match: [{ port: 443, sourceLabels: { app: 'beta-client' }, sniHosts: ['secure'] }], route: [{ destination: { host: 'secure', subset: 'v2' } }] },
        { match: [{ port: 443, sniHosts: ['secure'] }], route: [{ destination: { host: 'secure', subset: 'v1' } }] },
      ],
    });
  });

  test('a weighted TLS route on a TLS port renders every match condition', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const broker = addService(mesh, 'broker', { protocol: Protocol.TLS, port: 9093, versions: ['v1', 'v2'] });
    // WHEN
    broker.addTlsRoute({
      matches: [{ sniHosts: ['broker'], destinationSubnets: ['10.0.0.0/16'], sourceNamespace: 'jobs', gateways: ['mesh'] }],
      destinations: [{ version: 'v1', weight: 70 }, { version: 'v2', weight: 30 }],
    });
    // THEN
    expect((await virtualService(chart, 'broker')).tls[0]).toEqual({
      match: [{ destinationSubnets: ['10.0.0.0/16'], sourceNamespace: 'jobs', gateways: ['mesh'], sniHosts: ['broker'] }],
      route: [
        { destination: { host: 'broker', subset: 'v1' }, weight: 70 },
        { destination: { host: 'broker', subset: 'v2' }, weight: 30 },
      ],
    });
  });

  test('a TLS route on an external HTTPS service matches its host', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const api = mesh.addExternalService('api', { hosts: ['api.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
    // WHEN
    api.addTlsRoute({ matches: [{ sniHosts: ['api.example.com'] }], destinations: [{ port: 443 }] });
    // THEN
    expect(await virtualService(chart, 'api')).toEqual({
      hosts: ['api.example.com'],
      tls: [{ match: [{ sniHosts: ['api.example.com'] }], route: [{ destination: { host: 'api.example.com', port: { number: 443 } } }] }],
    });
  });

  test('an SNI host outside the VirtualService host fails at synth', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443 });
    // WHEN
    secure.addTlsRoute({ matches: [{ sniHosts: ['secure', 'api.example.com'] }, { sniHosts: ['*.example.com'] }], destinations: [{ version: 'v1' }] });
    // THEN
    const message = synthErrors(chart);
    expect(message).toContain("[test/mesh/secure] tlsRoutes[0]: 'matches[0].sniHosts' entry 'api.example.com' is not within the host 'secure': Istio rejects SNI hosts outside the VirtualService's hosts");
    expect(message).toContain("[test/mesh/secure] tlsRoutes[0]: 'matches[1].sniHosts' entry '*.example.com' is not within the host 'secure': Istio rejects SNI hosts outside the VirtualService's hosts");
    expect(message).not.toContain("entry 'secure'");
  });
});

describe('invalid routes fail when added', () => {
  test('a TLS route with an empty SNI list or an empty match list fails', () => {
    // GIVEN
    const { mesh } = setup();
    const secure = addService(mesh, 'secure', { protocol: Protocol.HTTPS, port: 443 });
    // WHEN / THEN
    expect(() => secure.addTlsRoute({ matches: [{ sniHosts: [] }], destinations: [{ version: 'v1' }] }))
      .toThrow("[test/mesh/secure] tlsRoutes[0]: 'matches[0].sniHosts' must have at least one entry, or be left out for the host's own SNI");
    expect(() => secure.addTlsRoute({ matches: [], destinations: [{ version: 'v1' }] }))
      .toThrow("[test/mesh/secure] tlsRoutes[0]: 'matches' must have at least one entry, or be left out to match the host's own SNI");
  });

  test('a TLS route without SNI hosts matches the host as the VirtualService names it', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const secure = mesh.addService('secure', {
      namespace: 'a',
      ports: [{ port: 443, protocol: Protocol.HTTPS }],
      versions: [{ name: 'v1', image: 's:1' }, { name: 'v2', image: 's:2' }],
    });
    mesh.addService('secure', { namespace: 'b', ports: [{ port: 443, protocol: Protocol.HTTPS }], versions: [{ name: 'v1', image: 's:1' }] });
    // WHEN
    secure.addTlsRoute({ destinations: [{ version: 'v2' }] });
    secure.addTlsRoute({ matches: [{ port: 443 }], destinations: [{ version: 'v1' }] });
    // THEN
    const spec = await virtualService(chart, 'secure', 'a');
    expect(spec.tls.slice(0, 2)).toEqual([
      { match: [{ sniHosts: ['secure.a.svc.cluster.local'] }], route: [{ destination: { host: 'secure.a.svc.cluster.local', subset: 'v2' } }] },
      { match: [{ port: 443, sniHosts: ['secure.a.svc.cluster.local'] }], route: [{ destination: { host: 'secure.a.svc.cluster.local', subset: 'v1' } }] },
    ]);
  });
});
