import { Chart, Duration, Testing } from 'cdk8s';
import {
  CircuitBreaker,
  ClientTls,
  ExternalServiceOptions,
  Mesh,
  Protocol,
  ServiceEntryLocation,
  ServiceEntryResolution,
  StringMatch,
} from '../src';
import { exactly, findAll, findObject, synthErrors, synthValid } from './util/validate';

const HTTP_AND_HTTPS = [{ number: 80, protocol: Protocol.HTTP }, { number: 443, protocol: Protocol.HTTPS }];

function setup() {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh');
  return { app, chart, mesh };
}

/**
 * `mesh.addExternalService('api', …)` with a single host, HTTP and HTTPS ports and DNS resolution
 * unless overridden (`resolution: undefined` for Istio's default, NONE).
 */
function external(options: Partial<ExternalServiceOptions> = {}) {
  const { chart, mesh } = setup();
  const api = mesh.addExternalService('api', { hosts: ['api.example.com'], ports: HTTP_AND_HTTPS, resolution: ServiceEntryResolution.DNS, ...options });
  return { chart, mesh, api };
}

describe('ExternalService', () => {
  describe('ServiceEntry', () => {
    test("hosts and ports become a ServiceEntry with Istio's default resolution (NONE) outside the mesh, and nothing else", async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      mesh.addExternalService('httpbin', { hosts: ['httpbin.org'], ports: HTTP_AND_HTTPS });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'ServiceEntry', 'httpbin', 'default')).toMatchObject({
        apiVersion: 'networking.istio.io/v1',
        spec: {
          hosts: ['httpbin.org'],
          ports: [
            { number: 80, name: 'http', protocol: 'HTTP' },
            { number: 443, name: 'https', protocol: 'HTTPS' },
          ],
          location: 'MESH_EXTERNAL',
          resolution: 'NONE',
        },
      });
      expect(Object.keys(findObject(objects, 'ServiceEntry', 'httpbin').spec).sort()).toEqual(['hosts', 'location', 'ports', 'resolution']);
      expect(findAll(objects, 'VirtualService')).toEqual([]);
      expect(findAll(objects, 'DestinationRule')).toEqual([]);
    });

    test('port names come from the protocol, with the number when a protocol repeats; explicit names and target ports are kept', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      mesh.addExternalService('multi', {
        hosts: ['multi.example.com'],
        ports: [
          { number: 80, protocol: Protocol.HTTP },
          { number: 8080, protocol: Protocol.HTTP },
          { number: 443, protocol: Protocol.HTTPS, targetPort: 8443 },
          { number: 9090, protocol: Protocol.GRPC, name: 'api' },
          { number: 8081, protocol: Protocol.GRPC_WEB },
        ],
      });
      // THEN
      expect(findObject(await synthValid(chart), 'ServiceEntry', 'multi').spec.ports).toEqual([
        { number: 80, name: 'http-80', protocol: 'HTTP' },
        { number: 8080, name: 'http-8080', protocol: 'HTTP' },
        { number: 443, name: 'https', protocol: 'HTTPS', targetPort: 8443 },
        { number: 9090, name: 'api', protocol: 'GRPC' },
        { number: 8081, name: 'grpc-web', protocol: 'GRPC-WEB' },
      ]);
    });

    test('resolution, location, addresses, endpoints, exportTo and namespace are rendered', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      const db = mesh.addExternalService('legacy-db', {
        namespace: 'data',
        hosts: ['db.legacy.internal'],
        ports: [{ number: 5432, protocol: Protocol.TCP }],
        resolution: ServiceEntryResolution.STATIC,
        location: ServiceEntryLocation.MESH_INTERNAL,
        addresses: ['10.1.0.0/16', '10.2.3.4'],
        endpoints: [
          { address: '10.1.2.3', labels: { zone: 'a' }, locality: 'eu-west/a', weight: 3 },
          { address: '10.1.2.4', ports: { tcp: 15432 } },
        ],
        exportTo: ['.', 'batch'],
      });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'ServiceEntry', 'legacy-db', 'data').spec).toEqual({
        hosts: ['db.legacy.internal'],
        addresses: ['10.1.0.0/16', '10.2.3.4'],
        ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }],
        location: 'MESH_INTERNAL',
        resolution: 'STATIC',
        endpoints: [
          { address: '10.1.2.3', labels: { zone: 'a' }, locality: 'eu-west/a', weight: 3 },
          { address: '10.1.2.4', ports: { tcp: 15432 } },
        ],
        exportTo: ['.', 'batch'],
      });
      expect(findObject(objects, 'Namespace', 'data')).toBeDefined();
      expect([db.name, db.namespace, db.hosts, db.portNumbers, db.versionNames]).toEqual(['legacy-db', 'data', ['db.legacy.internal'], [5432], []]);
    });

    test('a wildcard host with NONE resolution is accepted', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      mesh.addExternalService('wikipedia', {
        hosts: ['*.wikipedia.org'],
        ports: [{ number: 443, protocol: Protocol.TLS }],
        resolution: ServiceEntryResolution.NONE,
      });
      // THEN
      expect(findObject(await synthValid(chart), 'ServiceEntry', 'wikipedia').spec).toMatchObject({
        hosts: ['*.wikipedia.org'],
        ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
        resolution: 'NONE',
      });
    });

    test('a wildcard host with DNS resolution and an endpoint is accepted', async () => {
      // GIVEN
      const { chart } = external({ hosts: ['*.example.com'], endpoints: [{ address: 'proxy.example.com' }] });
      // WHEN
      const se = findObject(await synthValid(chart), 'ServiceEntry', 'api');
      // THEN
      expect(se.spec.endpoints).toEqual([{ address: 'proxy.example.com' }]);
    });

    test('DNS_ROUND_ROBIN with one endpoint is accepted', async () => {
      // GIVEN
      const { chart } = external({ resolution: ServiceEntryResolution.DNS_ROUND_ROBIN, endpoints: [{ address: 'lb.example.com' }] });
      // WHEN
      const se = findObject(await synthValid(chart), 'ServiceEntry', 'api');
      // THEN
      expect(se.spec).toMatchObject({ resolution: 'DNS_ROUND_ROBIN', endpoints: [{ address: 'lb.example.com' }] });
    });

    test('several hosts with HTTP and HTTPS ports are accepted', async () => {
      // GIVEN
      const { chart } = external({ hosts: ['a.example.com', 'b.example.com'] });
      // WHEN
      const se = findObject(await synthValid(chart), 'ServiceEntry', 'api');
      // THEN
      expect(se.spec.hosts).toEqual(['a.example.com', 'b.example.com']);
    });

    test('a STATIC unix socket endpoint with one port is accepted', async () => {
      // GIVEN
      const { chart } = external({
        hosts: ['local.agent'],
        ports: [{ number: 80, protocol: Protocol.HTTP }],
        resolution: ServiceEntryResolution.STATIC,
        endpoints: [{ address: 'unix:///var/run/agent.sock' }],
      });
      // WHEN
      const se = findObject(await synthValid(chart), 'ServiceEntry', 'api');
      // THEN
      expect(se.spec.endpoints).toEqual([{ address: 'unix:///var/run/agent.sock' }]);
    });

    test.each([1, 65535])('port %p is accepted', async (number) => {
      // GIVEN
      const { chart } = external({ ports: [{ number, protocol: Protocol.TCP }] });
      // WHEN
      const se = findObject(await synthValid(chart), 'ServiceEntry', 'api');
      // THEN
      expect(se.spec.ports).toEqual([{ number, name: 'tcp', protocol: 'TCP' }]);
    });

    test.each([1, 4_294_967_295])('endpoint weight %p is accepted', async (weight) => {
      // GIVEN
      const { chart } = external({ endpoints: [{ address: '203.0.113.7', weight }] });
      // WHEN
      const se = findObject(await synthValid(chart), 'ServiceEntry', 'api');
      // THEN
      expect(se.spec.endpoints).toEqual([{ address: '203.0.113.7', weight }]);
    });
  });

  describe('routes and policies', () => {
    test('originateTls routes the plain-text port to the TLS port and originates TLS there', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      const cnn = mesh.addExternalService('edition-cnn-com', { hosts: ['edition.cnn.com'], ports: HTTP_AND_HTTPS, resolution: ServiceEntryResolution.DNS });
      // WHEN
      const route = cnn.originateTls({ fromPort: 80, toPort: 443 });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'VirtualService', 'edition-cnn-com', 'default').spec).toEqual({
        hosts: ['edition.cnn.com'],
        http: [{
          match: [{ port: 80 }],
          route: [{ destination: { host: 'edition.cnn.com', port: { number: 443 } } }],
        }],
      });
      expect(findObject(objects, 'DestinationRule', 'edition-cnn-com', 'default').spec).toEqual({
        host: 'edition.cnn.com',
        trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE' } }] },
      });
      expect([route.kind, route.index]).toEqual(['http', 0]);
    });

    test('originateTls takes TLS settings, and the object names can be overridden', async () => {
      // GIVEN
      const { chart, api } = external({ virtualServiceName: 'api-egress', destinationRuleName: 'api-tls' });
      // WHEN
      api.originateTls({ fromPort: 80, toPort: 443, tls: ClientTls.simple({ sni: 'api.example.com', credentialName: 'api-ca' }) });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'ServiceEntry', 'api')).toBeDefined();
      expect(findObject(objects, 'VirtualService', 'api-egress').spec.hosts).toEqual(['api.example.com']);
      expect(findObject(objects, 'DestinationRule', 'api-tls').spec.trafficPolicy).toEqual({
        portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE', sni: 'api.example.com', credentialName: 'api-ca' } }],
      });
    });

    test('a traffic policy alone emits a DestinationRule and no VirtualService', async () => {
      // GIVEN
      const { chart } = external({ trafficPolicy: { connectionPool: { tcp: { maxConnections: 10, connectTimeout: Duration.seconds(2) } } } });
      // WHEN
      const objects = await synthValid(chart);
      // THEN
      expect(findAll(objects, 'VirtualService')).toEqual([]);
      expect(findObject(objects, 'DestinationRule', 'api').spec).toEqual({
        host: 'api.example.com',
        trafficPolicy: { connectionPool: { tcp: { maxConnections: 10, connectTimeout: '2s' } } },
      });
    });

    test('a circuit breaker on an external service goes into its DestinationRule', async () => {
      // GIVEN
      const { chart, api } = external();
      // WHEN
      new CircuitBreaker(chart, 'breaker', { host: api, outlierDetection: { consecutive5xxErrors: 3 } });
      // THEN
      expect(findObject(await synthValid(chart), 'DestinationRule', 'api').spec.trafficPolicy).toEqual({
        outlierDetection: { consecutive5xxErrors: 3 },
      });
    });

    test('TLS origination and a circuit breaker share one DestinationRule', async () => {
      // GIVEN
      const { chart, api } = external();
      api.originateTls({ fromPort: 80, toPort: 443 });
      // WHEN
      new CircuitBreaker(chart, 'breaker', { host: api, port: 443, connectionPool: { http: { http1MaxPendingRequests: 10 } } });
      // THEN
      const objects = await synthValid(chart);
      expect(findAll(objects, 'DestinationRule')).toHaveLength(1);
      expect(findObject(objects, 'DestinationRule', 'api').spec.trafficPolicy).toEqual({
        portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE' }, connectionPool: { http: { http1MaxPendingRequests: 10 } } }],
      });
    });

    test('routes and policies carry exportTo', async () => {
      // GIVEN
      const { chart, api } = external({ exportTo: ['.'] });
      // WHEN
      api.originateTls({ fromPort: 80, toPort: 443 });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'VirtualService', 'api').spec.exportTo).toEqual(['.']);
      expect(findObject(objects, 'DestinationRule', 'api').spec.exportTo).toEqual(['.']);
    });

    test('TCP and TLS routes go into the VirtualService', async () => {
      // GIVEN
      const { chart, api } = external({
        ports: [{ number: 5432, protocol: Protocol.TCP }, { number: 443, protocol: Protocol.TLS }],
      });
      // WHEN
      api.addTcpRoute({ matches: [{ port: 5432 }], destinations: [{ port: 5432 }] });
      api.addTlsRoute({ matches: [{ port: 443, sniHosts: ['api.example.com'] }], destinations: [{ port: 443 }] });
      // THEN
      expect(findObject(await synthValid(chart), 'VirtualService', 'api').spec).toEqual({
        hosts: ['api.example.com'],
        tcp: [{ match: [{ port: 5432 }], route: [{ destination: { host: 'api.example.com', port: { number: 5432 } } }] }],
        tls: [{ match: [{ port: 443, sniHosts: ['api.example.com'] }], route: [{ destination: { host: 'api.example.com', port: { number: 443 } } }] }],
      });
    });

    test('a MeshService route can send to an ExternalService', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      const ext = mesh.addExternalService('payments', { hosts: ['payments.example.com'], ports: HTTP_AND_HTTPS });
      const shop = mesh.addService('shop', { ports: [{ port: 8080 }], versions: [{ name: 'v1', image: 'example/shop:v1' }] });
      // WHEN
      shop.addRoute({ name: 'pay', matches: [{ uri: StringMatch.prefix('/pay') }], destinations: [{ host: ext, port: 80 }] });
      // THEN
      expect(findObject(await synthValid(chart), 'VirtualService', 'shop').spec.http).toEqual([
        { name: 'pay', match: [{ uri: { prefix: '/pay' } }], route: [{ destination: { host: 'payments.example.com', port: { number: 80 } } }] },
        { route: [{ destination: { host: 'shop', subset: 'v1' } }] },
      ]);
    });

    test('a MeshService route to a version or an undeclared port of an ExternalService fails at synth', () => {
      // GIVEN
      const { chart, mesh } = setup();
      const ext = mesh.addExternalService('payments', { hosts: ['payments.example.com'], ports: HTTP_AND_HTTPS });
      const shop = mesh.addService('shop', { ports: [{ port: 8080 }], versions: [{ name: 'v1', image: 'example/shop:v1' }] });
      // WHEN
      shop.addRoute({ matches: [{ uri: StringMatch.prefix('/pay') }], destinations: [{ host: ext, version: 'v1', port: 8443 }] });
      // THEN
      const message = synthErrors(chart);
      expect(message).toContain("[test/mesh/shop] routes[0]: version 'v1' is not declared on 'payments' (declared: none)");
      expect(message).toContain("[test/mesh/shop] routes[0]: port 8443 is not a port of 'payments' (ports: 80, 443)");
    });

    test('a rejected route leaves no VirtualService behind', async () => {
      // GIVEN
      const { chart, api } = external();
      // WHEN
      expect(() => api.addRoute({ matches: [{ port: 0 }] })).toThrow("[test/mesh/external-api] routes[0]: 'matches[0].port' must be an integer between 1 and 65535, got 0");
      // THEN
      expect(findAll(await synthValid(chart), 'VirtualService')).toEqual([]);
    });
  });

  describe('validation', () => {
    const PATH = '[test/mesh/external-api]';

    test('empty hosts fail', () => {
      expect(() => external({ hosts: [] })).toThrow(`${PATH} 'hosts' must have at least one entry`);
    });

    test("'*' alone as a host fails", () => {
      expect(() => external({ hosts: ['*'] })).toThrow(`${PATH} 'hosts[0]' must not be '*' alone: name the external hosts`);
    });

    test.each(['*.Example.com', 'api.*.com', 'api_example.com'])('host %p fails and is shown as given', (host) => {
      expect(() => external({ hosts: ['ok.example.com', host] }))
        .toThrow(`${PATH} 'hosts[1]' must be a DNS name (lowercase DNS-1123 subdomain), optionally starting with '*.', got '${host}'`);
    });

    test('a host declared twice fails', () => {
      expect(() => external({ hosts: ['api.example.com', 'api.example.com'] })).toThrow(`${PATH} 'hosts[1]' 'api.example.com' is declared twice`);
    });

    test('several hosts with a TCP port fail unless resolution is NONE', () => {
      const ports = [{ number: 443, protocol: Protocol.TLS }, { number: 5432, protocol: Protocol.TCP }];
      expect(() => external({ hosts: ['a.example.com', 'b.example.com'], ports }))
        .toThrow(`${PATH} 'hosts' has 2 entries, but port 5432 (TCP) carries no host name to tell them apart: use only HTTP, HTTPS or TLS ports, NONE resolution (with 'addresses'), or one ExternalService per host`);
      expect(() => external({ hosts: ['a.example.com', 'b.example.com'], ports, resolution: ServiceEntryResolution.NONE, addresses: ['192.0.2.0/24'] })).not.toThrow();
    });

    test('no ports fail', () => {
      expect(() => external({ ports: [] })).toThrow(`${PATH} 'ports' must have at least one entry`);
    });

    test('duplicate port numbers fail', () => {
      expect(() => external({ ports: [{ number: 443, protocol: Protocol.HTTPS }, { number: 443, protocol: Protocol.TLS }] }))
        .toThrow(`${PATH} 'ports[1].number' 443 is declared twice`);
    });

    test('duplicate port names fail, also when a name is derived from the protocol', () => {
      expect(() => external({ ports: [{ number: 80, protocol: Protocol.HTTP, name: 'web' }, { number: 8080, protocol: Protocol.HTTP, name: 'web' }] }))
        .toThrow(`${PATH} 'ports[1].name' 'web' is declared twice: give the port another 'name'`);
      expect(() => external({ ports: [{ number: 80, protocol: Protocol.TCP, name: 'http' }, { number: 8080, protocol: Protocol.HTTP }] }))
        .toThrow(`${PATH} 'ports[1].name' 'http' (derived from the protocol) is declared twice: give the port another 'name'`);
    });

    test.each([
      [0, `${PATH} 'ports[0].number' must be an integer between 1 and 65535, got 0`],
      [65536, `${PATH} 'ports[0].number' must be an integer between 1 and 65535, got 65536`],
    ])('port %p fails', (number, message) => {
      expect(() => external({ ports: [{ number, protocol: Protocol.HTTP }] })).toThrow(message);
    });

    test.each([
      [0, `${PATH} 'ports[0].targetPort' must be an integer between 1 and 65535, got 0`],
      [65536, `${PATH} 'ports[0].targetPort' must be an integer between 1 and 65535, got 65536`],
    ])('target port %p fails', (targetPort, message) => {
      expect(() => external({ ports: [{ number: 443, protocol: Protocol.HTTPS, targetPort }] })).toThrow(message);
    });

    test('a port name that is not a DNS label fails', () => {
      expect(() => external({ ports: [{ number: 80, protocol: Protocol.HTTP, name: 'Web_Port' }] }))
        .toThrow(`${PATH} 'ports[0].name' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Web_Port'`);
    });

    test('STATIC resolution without endpoints fails', () => {
      expect(() => external({ resolution: ServiceEntryResolution.STATIC })).toThrow(`${PATH} STATIC resolution needs 'endpoints'`);
    });

    test('NONE resolution with endpoints fails, naming how NONE was chosen', () => {
      expect(() => external({ resolution: ServiceEntryResolution.NONE, endpoints: [{ address: '203.0.113.7' }] })).toThrow(exactly(
        `${PATH} 'endpoints' need STATIC, DNS or DNS_ROUND_ROBIN resolution, but 'resolution' is NONE: with NONE the proxy connects to the address the caller asked for`));
      expect(() => external({ resolution: undefined, endpoints: [{ address: '203.0.113.7' }] })).toThrow(exactly(
        `${PATH} 'endpoints' need STATIC, DNS or DNS_ROUND_ROBIN resolution, but 'resolution' is NONE (Istio's default, as 'resolution' is not given): `
        + 'with NONE the proxy connects to the address the caller asked for'));
    });

    test('DNS_ROUND_ROBIN resolution with two endpoints fails', () => {
      expect(() => external({ resolution: ServiceEntryResolution.DNS_ROUND_ROBIN, endpoints: [{ address: 'a.example.com' }, { address: 'b.example.com' }] }))
        .toThrow(`${PATH} DNS_ROUND_ROBIN resolution allows at most one endpoint, got 2`);
    });

    test('CIDR addresses with DNS resolution fail, naming the resolution given; without a resolution (NONE) they are accepted', async () => {
      expect(() => external({ addresses: ['10.0.0.0/8'] })).toThrow(exactly(`${PATH} CIDR 'addresses' need NONE or STATIC resolution, but 'resolution' is DNS`));
      const { chart } = external({ addresses: ['10.0.0.0/8'], resolution: undefined });
      expect(findObject(await synthValid(chart), 'ServiceEntry', 'api').spec).toMatchObject({ addresses: ['10.0.0.0/8'], resolution: 'NONE' });
    });

    test('CIDR addresses with NONE resolution are accepted', async () => {
      const { chart } = external({ addresses: ['10.0.0.0/8', 'fd00::/8'], resolution: ServiceEntryResolution.NONE });
      expect(findObject(await synthValid(chart), 'ServiceEntry', 'api').spec.addresses).toEqual(['10.0.0.0/8', 'fd00::/8']);
    });

    test.each(['api.example.com', '10.0.0.0/33', '300.1.2.3', '10.0.0.0/8/8'])('address %p fails', (address) => {
      expect(() => external({ addresses: [address], resolution: ServiceEntryResolution.NONE }))
        .toThrow(`${PATH} 'addresses[0]' must be an IP address or a CIDR block, got '${address}'`);
    });

    test('a wildcard host with DNS resolution and no endpoints fails', () => {
      expect(() => external({ hosts: ['*.example.com'] })).toThrow(`${PATH} wildcard hosts cannot be resolved with DNS resolution and no endpoints: use NONE`);
      expect(() => external({ hosts: ['*.example.com'], resolution: ServiceEntryResolution.DNS_ROUND_ROBIN }))
        .toThrow(`${PATH} wildcard hosts cannot be resolved with DNS_ROUND_ROBIN resolution and no endpoints: use NONE`);
    });

    test('a unix socket endpoint with ports fails', () => {
      expect(() => external({
        ports: [{ number: 80, protocol: Protocol.HTTP }],
        resolution: ServiceEntryResolution.STATIC,
        endpoints: [{ address: 'unix:///var/run/agent.sock', ports: { http: 8080 } }],
      })).toThrow(`${PATH} 'endpoints[0]' is a unix socket and cannot have 'ports'`);
    });

    test('a unix socket endpoint needs exactly one service port', () => {
      expect(() => external({ resolution: ServiceEntryResolution.STATIC, endpoints: [{ address: 'unix:///var/run/agent.sock' }] }))
        .toThrow(`${PATH} unix socket endpoints need exactly one port, got 2 in 'ports'`);
    });

    test.each([
      ['unix://relative.sock', "must be an absolute socket path ('unix:///path') or an abstract socket ('unix://@name'), got 'unix://relative.sock'"],
      ['unix:///var/run/', "must be an absolute socket path ('unix:///path') or an abstract socket ('unix://@name'), got 'unix:///var/run/'"],
      ['db.example.com', "must be an IP address or a unix:// socket with STATIC resolution, got 'db.example.com'"],
    ])('STATIC endpoint address %p fails', (address, message) => {
      expect(() => external({
        ports: [{ number: 80, protocol: Protocol.HTTP }],
        resolution: ServiceEntryResolution.STATIC,
        endpoints: [{ address }],
      })).toThrow(`${PATH} 'endpoints[0].address' ${message}`);
    });

    test.each([
      ['unix:///var/run/agent.sock', "is a unix socket, which needs STATIC resolution, but 'resolution' is DNS"],
      ['not a host', "must be an IP address or a DNS name, got 'not a host'"],
      [' ', 'must not be empty'],
    ])('DNS endpoint address %p fails', (address, message) => {
      expect(() => external({ ports: [{ number: 80, protocol: Protocol.HTTP }], endpoints: [{ address }] }))
        .toThrow(`${PATH} 'endpoints[0].address' ${message}`);
    });

    test('endpoint ports must name ports of the service', () => {
      expect(() => external({ endpoints: [{ address: '203.0.113.7', ports: { grpc: 9090, http: 0 } }] })).toThrow([
        `${PATH} 'endpoints[0].ports' key 'grpc' is not a port name of the service (ports: http, https)`,
        `${PATH} 'endpoints[0].ports['http']' must be an integer between 1 and 65535, got 0`,
      ].join('\n'));
    });

    test.each([
      [0, `${PATH} 'endpoints[0].weight' must be an integer between 1 and 4294967295, got 0`],
      [4_294_967_296, `${PATH} 'endpoints[0].weight' must be an integer between 1 and 4294967295, got 4294967296`],
    ])('endpoint weight %p fails', (weight, message) => {
      expect(() => external({ endpoints: [{ address: '203.0.113.7', weight }] })).toThrow(message);
    });

    test('invalid endpoint labels fail', () => {
      expect(() => external({ endpoints: [{ address: '203.0.113.7', labels: { zone: 'not ok' } }] }))
        .toThrow(`${PATH} 'endpoints[0].labels' has an invalid value for label 'zone': got 'not ok'`);
    });

    test('exportTo entries must be . or * or namespace names', () => {
      expect(() => external({ exportTo: ['*', 'Bad_NS'] }))
        .toThrow(`${PATH} 'exportTo[1]' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Bad_NS'`);
    });

    test('object names must be valid', () => {
      expect(() => external({ virtualServiceName: 'API', destinationRuleName: 'api_tls' })).toThrow([
        `${PATH} 'virtualServiceName' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'API'`,
        `${PATH} 'destinationRuleName' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'api_tls'`,
      ].join('\n'));
    });

    test('routes on an external service with several hosts fail at synth', () => {
      // GIVEN
      const { chart, api } = external({ hosts: ['a.example.com', 'b.example.com'] });
      // WHEN
      api.originateTls({ fromPort: 80, toPort: 443 });
      // THEN
      expect(synthErrors(chart)).toContain(
        `${PATH} routes and traffic policies of an external service need exactly one, non-wildcard host (got a.example.com, b.example.com): declare one ExternalService per host`,
      );
    });

    test('traffic policies on a wildcard external service fail at synth', () => {
      // GIVEN
      const { chart, api } = external({ hosts: ['*.example.com'], resolution: ServiceEntryResolution.NONE });
      // WHEN
      api.addTrafficPolicy({ tls: ClientTls.simple() });
      // THEN
      expect(synthErrors(chart)).toContain(
        `${PATH} routes and traffic policies of an external service need exactly one, non-wildcard host (got *.example.com): declare one ExternalService per host`,
      );
    });

    test('HTTP routes without an HTTP port fail at synth', () => {
      // GIVEN
      const { chart, api } = external({ ports: [{ number: 443, protocol: Protocol.HTTPS }] });
      // WHEN
      api.addRoute({ matches: [{ uri: StringMatch.prefix('/v1') }], timeout: Duration.seconds(5) });
      // THEN
      expect(synthErrors(chart)).toContain(
        `${PATH} external service 'api' has HTTP routes but no HTTP port: HTTP routes apply only to HTTP, HTTP2, GRPC and GRPC-WEB ports`,
      );
    });

    test('a traffic policy for a version of an external service fails at synth', () => {
      // GIVEN
      const { chart, api } = external();
      // WHEN
      api.addTrafficPolicy({ tls: ClientTls.simple() }, { version: 'v1' });
      // THEN
      expect(synthErrors(chart)).toContain(`${PATH} traffic policy from test/mesh/external-api: version 'v1' is not declared on 'api' (declared: none)`);
    });

    test.each([
      [{ fromPort: 443, toPort: 80 }, "'fromPort' must be an HTTP port of external service 'api' (HTTP ports: 80), got 443"],
      [{ fromPort: 8080, toPort: 443 }, "'fromPort' must be an HTTP port of external service 'api' (HTTP ports: 80), got 8080"],
      [{ fromPort: 80, toPort: 8443 }, "'toPort' must be a port of external service 'api' (ports: 80, 443), got 8443"],
      [{ fromPort: 80, toPort: 80 }, "'fromPort' and 'toPort' must differ, both are 80"],
    ])('originateTls(%p) fails', (options, message) => {
      const { api } = external();
      expect(() => api.originateTls(options)).toThrow(`${PATH} ${message}`);
    });

    test('TLS origination twice on the same port fails, naming the first, and adds no second route', async () => {
      // GIVEN
      const { chart, api } = external();
      api.originateTls({ fromPort: 80, toPort: 443 });
      // WHEN / THEN
      expect(() => api.originateTls({ fromPort: 80, toPort: 443 })).toThrow("[test/mesh/external-api] 'tls' of port 443 is already set by test/mesh/external-api");
      expect(findObject(await synthValid(chart), 'VirtualService', 'api').spec.http).toHaveLength(1);
    });
  });
});

describe('ExternalService: untyped callers', () => {
  test.each([
    [{ hosts: 'api.example.com' }, "'hosts' must be an array, got 'api.example.com'"],
    [{ ports: [{ number: 443, protocol: 'SCTP' }] },
      "'ports[0].protocol' must be one of HTTP, HTTP2, HTTPS, GRPC, GRPC-WEB, TCP, TLS, MONGO, MYSQL, REDIS, UDP, got 'SCTP'"],
    [{ ports: [{ number: '443', protocol: Protocol.HTTPS }] }, "'ports[0].number' must be a number, got '443'"],
    [{ resolution: 'dns' }, "'resolution' must be one of NONE, STATIC, DNS, DNS_ROUND_ROBIN, got 'dns'"],
    [{ resolution: ServiceEntryResolution.STATIC, endpoints: [{ address: '10.0.0.1', ports: { https: '8443' } }] },
      "'endpoints[0].ports['https']' must be a number, got '8443'"],
    [{ location: 'external' }, "'location' must be one of MESH_EXTERNAL, MESH_INTERNAL, got 'external'"],
  ])('options %j fail before anything reads them', (options, message) => {
    const { mesh } = setup();
    expect(() => mesh.addExternalService('api', { hosts: ['api.example.com'], ports: HTTP_AND_HTTPS, ...options } as any))
      .toThrow(exactly(`[test/mesh/external-api] ${message}`));
  });

  test('options that are not an object fail', () => {
    const { mesh } = setup();
    expect(() => mesh.addExternalService('api', undefined as any)).toThrow(exactly("[test/mesh/external-api] 'hosts' must be an array, got undefined\n[test/mesh/external-api] 'ports' must be an array, got undefined"));
  });
});

describe('TLS origination: untyped callers', () => {
  test('ports must be numbers and tls a ClientTls', () => {
    const { api } = external();
    expect(() => api.originateTls({ fromPort: '80', toPort: 443, tls: 'SIMPLE' } as any)).toThrow(exactly([
      "[test/mesh/external-api] 'fromPort' must be a number, got '80'",
      "[test/mesh/external-api] 'tls' must be a ClientTls (e.g. ClientTls.simple()), got 'SIMPLE'",
    ].join('\n')));
    expect(() => api.originateTls({ fromPort: 80, toPort: 443 })).not.toThrow();
  });
});

describe('ExternalService: NaN ports', () => {
  test('a NaN port is reported once, not as declared twice', () => {
    const { mesh } = setup();
    expect(() => mesh.addExternalService('api', { hosts: ['api.example.com'], ports: [{ number: NaN, protocol: Protocol.HTTP }] })).toThrow(exactly(
      "[test/mesh/external-api] 'ports[0].number' must be an integer between 1 and 65535, got NaN"));
  });
});

describe("ExternalService: Istio's samples/external, declared without a resolution", () => {
  // Istio's samples leave `resolution` (and mostly `location`) out: the proto's zero values, NONE and
  // MESH_EXTERNAL, which the library writes out. Nothing else may differ.
  const HTTPS = [{ number: 443, name: 'https', protocol: Protocol.HTTPS }];

  test('aptget: five hosts on port 80 pass through to the address asked for', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    mesh.addExternalService('make-aptget-work', {
      hosts: ['deb.debian.org', 'cdn-fastly.deb.debian.org', 'security.debian.org', 'archive.ubuntu.com', 'security.ubuntu.com'],
      ports: [{ number: 80, name: 'http', protocol: Protocol.HTTP }],
    });
    // THEN
    expect(findObject(await synthValid(chart), 'ServiceEntry', 'make-aptget-work').spec).toEqual({
      hosts: ['deb.debian.org', 'cdn-fastly.deb.debian.org', 'security.debian.org', 'archive.ubuntu.com', 'security.ubuntu.com'],
      ports: [{ number: 80, name: 'http', protocol: 'HTTP' }],
      location: 'MESH_EXTERNAL',
      resolution: 'NONE',
    });
  });

  test('github: HTTPS by host, and SSH (TCP 22) by CIDR blocks', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const cidrs = ['13.229.188.59/32', '140.82.112.0/20', '185.199.108.0/22', '192.30.252.0/22', '54.87.5.173/32'];
    // WHEN
    mesh.addExternalService('github-https', { hosts: ['github.com'], ports: HTTPS });
    mesh.addExternalService('github-tcp', {
      hosts: ['dummy.github.com'],
      addresses: cidrs,
      ports: [{ name: 'tcp', number: 22, protocol: Protocol.TCP }],
      location: ServiceEntryLocation.MESH_EXTERNAL,
    });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'ServiceEntry', 'github-https').spec).toEqual({
      hosts: ['github.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], location: 'MESH_EXTERNAL', resolution: 'NONE',
    });
    // the sample writes `protocol: tcp`: Istio reads protocols case-insensitively
    expect(findObject(objects, 'ServiceEntry', 'github-tcp').spec).toEqual({
      hosts: ['dummy.github.com'], addresses: cidrs, ports: [{ number: 22, name: 'tcp', protocol: 'TCP' }], location: 'MESH_EXTERNAL', resolution: 'NONE',
    });
  });

  test('pypi: three HTTPS hosts, one ServiceEntry each', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const hosts = { 'python-https': 'pypi.python.org', 'pypi-https': 'pypi.org', 'pythonhosted-https': 'files.pythonhosted.org' };
    // WHEN
    Object.entries(hosts).forEach(([name, host]) => mesh.addExternalService(name, { hosts: [host], ports: HTTPS }));
    // THEN
    const objects = await synthValid(chart);
    for (const [name, host] of Object.entries(hosts)) {
      expect(findObject(objects, 'ServiceEntry', name).spec).toEqual({
        hosts: [host], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], location: 'MESH_EXTERNAL', resolution: 'NONE',
      });
    }
  });

  test('TLS origination needs a resolution other than NONE: the sidecar would connect to the port asked for', async () => {
    // GIVEN
    const byDefault = external({ resolution: undefined });
    const none = external({ resolution: ServiceEntryResolution.NONE });
    const byDns = external({ resolution: ServiceEntryResolution.DNS });
    // WHEN / THEN
    expect(() => byDefault.api.originateTls({ fromPort: 80, toPort: 443 })).toThrow(exactly(
      "[test/mesh/external-api] originateTls() needs DNS, DNS_ROUND_ROBIN or STATIC resolution, but 'resolution' is NONE (Istio's default, as 'resolution' is not given): "
      + 'with NONE the sidecar connects to the address and port the caller asked for (80), not to port 443'));
    expect(() => none.api.originateTls({ fromPort: 80, toPort: 443 })).toThrow(exactly(
      "[test/mesh/external-api] originateTls() needs DNS, DNS_ROUND_ROBIN or STATIC resolution, but 'resolution' is NONE: "
      + 'with NONE the sidecar connects to the address and port the caller asked for (80), not to port 443'));
    expect(findAll(await synthValid(byDefault.chart), 'VirtualService')).toEqual([]);
    byDns.api.originateTls({ fromPort: 80, toPort: 443 });
    expect(findAll(await synthValid(byDns.chart), 'VirtualService')).toHaveLength(1);
  });
});

describe('ExternalService: what Istio would warn about or merge', () => {
  test('a TCP port with NONE resolution needs addresses; with them, or with DNS resolution, or for other protocols it is fine', async () => {
    // GIVEN / WHEN / THEN
    expect(() => external({ hosts: ['db.example.com'], ports: [{ number: 80, protocol: Protocol.HTTP }, { number: 5432, protocol: Protocol.TCP }], resolution: ServiceEntryResolution.NONE }))
      .toThrow(exactly("[test/mesh/external-api] 'ports[1]' 5432 (TCP) needs 'addresses', as 'resolution' is NONE: without them the sidecar cannot tell this service's TCP traffic "
        + 'from other traffic to that port (Istio warns: addresses are required for ports serving TCP); give its IP addresses or CIDR blocks, or DNS resolution'));
    expect(() => external({ hosts: ['db.example.com'], ports: [{ number: 5432, protocol: Protocol.TCP }], resolution: undefined }))
      .toThrow(exactly("[test/mesh/external-api] 'ports[0]' 5432 (TCP) needs 'addresses', as 'resolution' is NONE (Istio's default, as 'resolution' is not given): "
        + "without them the sidecar cannot tell this service's TCP traffic "
        + 'from other traffic to that port (Istio warns: addresses are required for ports serving TCP); give its IP addresses or CIDR blocks, or DNS resolution'));
    const withAddresses = external({ hosts: ['db.example.com'], ports: [{ number: 5432, protocol: Protocol.TCP }], resolution: ServiceEntryResolution.NONE, addresses: ['10.1.2.0/24'] });
    await synthValid(withAddresses.chart);
    const byDns = external({ hosts: ['db.example.com'], ports: [{ number: 5432, protocol: Protocol.TCP }], resolution: ServiceEntryResolution.DNS });
    await synthValid(byDns.chart);
    const mysql = external({ hosts: ['db.example.com'], ports: [{ number: 3306, protocol: Protocol.MYSQL }], resolution: ServiceEntryResolution.NONE });
    await synthValid(mysql.chart);
  });

  test("a host that is the FQDN of a service of this app fails, and so does a wildcard covering it; another namespace's FQDN does not", () => {
    // GIVEN
    const { chart, mesh } = setup();
    mesh.addService('reviews', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'example/reviews:1' }] });
    mesh.addExternalService('shadow', { hosts: ['reviews.default.svc.cluster.local'], ports: HTTP_AND_HTTPS });
    mesh.addExternalService('everything', { hosts: ['*.default.svc.cluster.local'], ports: HTTP_AND_HTTPS, resolution: ServiceEntryResolution.NONE });
    mesh.addExternalService('elsewhere', { hosts: ['reviews.other.svc.cluster.local'], ports: HTTP_AND_HTTPS });
    mesh.addExternalService('lookalike', { hosts: ['*.svc.cluster.local.example.com'], ports: HTTP_AND_HTTPS, resolution: ServiceEntryResolution.NONE });
    // WHEN / THEN
    expect(synthErrors(chart)).toBe('Validation failed with the following errors:\n'
      + "  [test/mesh/external-shadow] 'hosts' 'reviews.default.svc.cluster.local' is the host of MeshService 'reviews' (reviews.default.svc.cluster.local, test/mesh/reviews) declared in this app: route to the service itself instead of declaring a ServiceEntry for it\n"
      + "  [test/mesh/external-everything] 'hosts' '*.default.svc.cluster.local' is the host of MeshService 'reviews' (reviews.default.svc.cluster.local, test/mesh/reviews) declared in this app: route to the service itself instead of declaring a ServiceEntry for it");
  });
});
