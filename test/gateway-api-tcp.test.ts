import type { ITCPRouteSpec } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/TCPRouteSpec' with { 'resolution-mode': 'import' };
import { Chart, Testing } from 'cdk8s';
import { Canary, Gateway, GatewayApiChannel, GatewayServer, Mesh, MeshProps, Protocol, RoutingApi } from '../src';
import { exactly, findAll, registerSchema, synthProblems, synthValid } from './util/validate';
import { TcpRouteSpec } from '../src/imports/gateway.networking.k8s.io';

/* the TCPRoute v1 spec of the bindings is the v1alpha2 one of @kubernetes-models/gateway-api (which has no v1), checked by tsc */
type NoExtraKeys<Mine, Theirs> = Mine extends Array<infer M> ? (Theirs extends Array<infer T> ? Array<NoExtraKeys<M, T>> : never)
  : Mine extends object ? { [K in keyof Mine]: K extends keyof Theirs ? NoExtraKeys<Mine[K], NonNullable<Theirs[K]>> : never }
    : Mine extends string ? string : Mine extends number ? number : Mine;
const conforms = (x: TcpRouteSpec): ITCPRouteSpec & NoExtraKeys<TcpRouteSpec, ITCPRouteSpec> => x;

beforeAll(async () => {
  // TCPRoute v1 has v1alpha2's schema, with exactly one rule
  const { TCPRoute } = await import('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/TCPRoute');
  registerSchema('gateway.networking.k8s.io/v1', 'TCPRoute', obj => {
    const problems: string[] = obj.spec?.rules?.length === 1 ? [] : ['spec.rules: must have exactly 1 item in v1'];
    try {
      new TCPRoute({ ...obj, apiVersion: 'gateway.networking.k8s.io/v1alpha2' }).validate();
    } catch (e: any) {
      problems.push(...(e.errors ?? [e]).map((x: any) => `${x.instancePath ?? ''}: ${x.message}`));
    }
    return problems;
  });
});

const EXPERIMENTAL: MeshProps = { routingApi: RoutingApi.GATEWAY_API, gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL };
const FIX = 'give the mesh gatewayApiChannel GatewayApiChannel.EXPERIMENTAL (with the experimental CRDs installed), or keep it on RoutingApi.ISTIO';
const NOT_SERVED = 'Istio reads TCPRoutes as v1alpha2, which only the experimental channel serves';

function setup(props: MeshProps) {
  const chart = new Chart(Testing.app(), 'test');
  return { chart, mesh: new Mesh(chart, 'mesh', props) };
}

/** Istio's tcp-echo sample: one TCP port, versions v1 and v2. */
function tcpEcho(props: MeshProps) {
  const { chart, mesh } = setup(props);
  const echo = mesh.addService('tcp-echo', {
    ports: [{ port: 9000, protocol: Protocol.TCP }],
    versions: [{ name: 'v1', image: 'istio/tcp-echo-server:1.3' }, { name: 'v2', image: 'istio/tcp-echo-server:1.3' }],
  });
  return { chart, mesh, echo };
}

const tcpRoutes = (objects: any[]) => findAll(objects, 'gateway.networking.k8s.io/TCPRoute');
const gatewayTcpRoutes = (objects: any[]) => tcpRoutes(objects).filter(r => r.metadata.namespace === 'istio-ingress');
const backend = (name: string, port: number, weight: number) => ({ group: '', kind: 'Service', name, port, weight });

describe('the Gateway API channel of a mesh', () => {
  test('is STANDARD unless given', () => {
    // GIVEN / WHEN
    const { mesh } = setup({ routingApi: RoutingApi.GATEWAY_API });
    // THEN
    expect(mesh.gatewayApiChannel).toBe(GatewayApiChannel.STANDARD);
  });

  test('is refused on a mesh with Istio routing, accepted with Gateway API routing', () => {
    // GIVEN / WHEN / THEN
    expect(() => setup({ gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL })).toThrow(exactly('[test/mesh] '
      + "'gatewayApiChannel' is EXPERIMENTAL, but the mesh emits no Gateway API routes (routingApi ISTIO): leave it out, or set routingApi to RoutingApi.GATEWAY_API"));
    expect(setup(EXPERIMENTAL).mesh.gatewayApiChannel).toBe(GatewayApiChannel.EXPERIMENTAL);
  });
});

describe('a TCP service with versions (tcp-echo)', () => {
  test('in the experimental channel, its port gets a TCPRoute to the default version, attached to its Service', async () => {
    // GIVEN
    const { chart } = tcpEcho(EXPERIMENTAL);
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(tcpRoutes(objects)).toEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TCPRoute',
      metadata: { name: 'tcp-echo', namespace: 'default' },
      spec: { parentRefs: [{ group: '', kind: 'Service', name: 'tcp-echo' }], rules: [{ backendRefs: [backend('tcp-echo-v1', 9000, 1)] }] },
    }]);
    expect(findAll(objects, 'Service').map(s => s.metadata.name)).toEqual(['tcp-echo', 'tcp-echo-v1', 'tcp-echo-v2']);
  });

  test('in the standard channel it fails, naming the experimental channel', async () => {
    // GIVEN
    const { chart } = tcpEcho({ routingApi: RoutingApi.GATEWAY_API });
    // WHEN / THEN
    expect(await synthProblems(chart)).toEqual([
      "[test/mesh/tcp-echo] routing port 9000 (TCP) to the default version 'v1' ('ports') cannot be expressed with the Gateway API's standard channel: "
      + `the service has 2 versions (v1, v2), and without a TCPRoute (${NOT_SERVED}) its connections would reach every version; declare one version, or ${FIX}`,
    ]);
  });

  test("a weighted TCP route becomes the TCPRoute's weighted backends (Istio's 80/20 tcp-echo shift)", async () => {
    // GIVEN
    const { chart, echo } = tcpEcho(EXPERIMENTAL);
    echo.addTcpRoute({ matches: [{ port: 9000 }], destinations: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(tcpRoutes(objects).map(r => r.spec.rules)).toEqual([[{ backendRefs: [backend('tcp-echo-v1', 9000, 80), backend('tcp-echo-v2', 9000, 20)] }]]);
  });

  test('a canary splits the TCP port too', async () => {
    // GIVEN
    const { chart, echo } = tcpEcho(EXPERIMENTAL);
    new Canary(chart, 'canary', { service: echo, stableVersion: 'v1', canaryVersion: 'v2', weight: 10 });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(tcpRoutes(objects).map(r => r.spec.rules)).toEqual([[{ backendRefs: [backend('tcp-echo-v1', 9000, 90), backend('tcp-echo-v2', 9000, 10)] }]]);
  });

  test('with several ports, each TCP port gets its own TCPRoute, attached to the Service port; a route matching one port leaves the other on the default', async () => {
    // GIVEN
    const { chart, mesh } = setup(EXPERIMENTAL);
    const db = mesh.addService('db', {
      ports: [{ port: 80 }, { port: 3306, protocol: Protocol.MYSQL }, { port: 6379, protocol: Protocol.REDIS }],
      versions: [{ name: 'v1', image: 'db' }, { name: 'v2', image: 'db' }],
    });
    db.addTcpRoute({ matches: [{ port: 6379 }], destinations: [{ version: 'v2' }] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(tcpRoutes(objects).map(r => [r.metadata.name, r.spec])).toEqual([
      ['db-3306', { parentRefs: [{ group: '', kind: 'Service', name: 'db', port: 3306 }], rules: [{ backendRefs: [backend('db-v1', 3306, 1)] }] }],
      ['db-6379', { parentRefs: [{ group: '', kind: 'Service', name: 'db', port: 6379 }], rules: [{ backendRefs: [backend('db-v2', 6379, 1)] }] }],
    ]);
  });

  test('a TCP route matching the caller fails: a TCPRoute has no matches; matching the port only passes', async () => {
    // GIVEN
    const caller = tcpEcho(EXPERIMENTAL);
    caller.echo.addTcpRoute({ matches: [{ sourceLabels: { app: 'sleep' } }], destinations: [{ version: 'v2' }] });
    const port = tcpEcho(EXPERIMENTAL);
    port.echo.addTcpRoute({ matches: [{ port: 9000 }], destinations: [{ version: 'v2' }] });
    // WHEN / THEN
    expect(await synthProblems(caller.chart)).toEqual([
      "[test/mesh/tcp-echo] tcpRoutes[0]: a match on the calling workload ('matches[0].sourceLabels') cannot be expressed with the Gateway API: "
      + 'a TCPRoute forwards every connection to the port of its Service',
    ]);
    expect(tcpRoutes(await synthValid(port.chart)).map(r => r.spec.rules)).toEqual([[{ backendRefs: [backend('tcp-echo-v2', 9000, 1)] }]]);
  });

  test('a TCP route of a service in the standard channel fails', async () => {
    // GIVEN
    const { chart, mesh } = setup({ routingApi: RoutingApi.GATEWAY_API });
    mesh.addService('db', { ports: [{ port: 3306, protocol: Protocol.TCP }], versions: [{ name: 'v1', image: 'db' }] })
      .addTcpRoute({ destinations: [{ version: 'v1' }] });
    // WHEN / THEN
    expect(await synthProblems(chart)).toEqual([
      `[test/mesh/db] tcpRoutes[0]: mesh TCP routing ('addTcpRoute') cannot be expressed with the Gateway API's standard channel: ${NOT_SERVED}; ${FIX}`,
    ]);
  });
});

describe('TCP routes of a gateway', () => {
  function ingress(props: MeshProps) {
    const { chart, mesh } = setup(props);
    const gateway = new Gateway(mesh, 'ingress', { mesh, servers: [GatewayServer.http({ hosts: ['*'] }), GatewayServer.tcp({ port: 31400 }), GatewayServer.tcp({ port: 31401 })] });
    const echo = mesh.addService('tcp-echo', { ports: [{ port: 9000, protocol: Protocol.TCP }], versions: [{ name: 'v1', image: 'e' }] });
    return { chart, gateway, echo };
  }

  test('in the experimental channel, become TCPRoutes attached to the TCP listeners of the ports they match', async () => {
    // GIVEN
    const { chart, gateway, echo } = ingress(EXPERIMENTAL);
    gateway.addTcpRoute({ hosts: ['*'], matches: [{ port: 31400 }], destinations: [{ host: echo, version: 'v1' }] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(gatewayTcpRoutes(objects).map(r => [r.metadata.name, r.spec])).toEqual([
      ['ingress-wildcard', {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress', sectionName: 'tcp' }],
        rules: [{ backendRefs: [{ ...backend('tcp-echo-v1', 9000, 1), namespace: 'default' }] }],
      }],
    ]);
    expect(findAll(objects, 'gateway.networking.k8s.io/ReferenceGrant').map(g => g.spec)).toEqual([{
      from: [{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute', namespace: 'istio-ingress' }],
      to: [{ group: '', kind: 'Service', name: 'tcp-echo-v1' }],
    }]);
  });

  test('two TCP routes on one listener fail; on different listeners they pass', async () => {
    // GIVEN
    const same = ingress(EXPERIMENTAL);
    same.gateway.addTcpRoute({ hosts: ['*'], matches: [{ port: 31400 }], destinations: [{ host: same.echo }] });
    same.gateway.addTcpRoute({ hosts: ['*'], destinations: [{ host: same.echo }] });
    const different = ingress(EXPERIMENTAL);
    different.gateway.addTcpRoute({ hosts: ['*'], matches: [{ port: 31400 }], destinations: [{ host: different.echo }] });
    different.gateway.addTcpRoute({ hosts: ['*'], matches: [{ port: 31401 }], destinations: [{ host: different.echo }] });
    // WHEN / THEN
    expect(await synthProblems(same.chart)).toEqual([
      '[test/mesh/ingress/Routes-ingress-wildcard] tcpRoutes[1]: listener tcp also carries tcpRoutes[0]: a TCP listener forwards its connections to one TCPRoute, '
      + 'so TCP routes of one set of hosts must match different ports',
    ]);
    expect(gatewayTcpRoutes(await synthValid(different.chart)).map(r => r.spec.parentRefs[0].sectionName)).toEqual(['tcp', 'tcp-31401']);
  });

  test('in the standard channel fail, naming the experimental channel', async () => {
    // GIVEN
    const { chart, gateway, echo } = ingress({ routingApi: RoutingApi.GATEWAY_API });
    gateway.addTcpRoute({ hosts: ['*'], destinations: [{ host: echo }] });
    // WHEN / THEN
    expect(await synthProblems(chart)).toEqual([
      `[test/mesh/ingress/Routes-ingress-wildcard] tcpRoutes[0]: TCP routing ('addTcpRoute') cannot be expressed with the Gateway API's standard channel: ${NOT_SERVED}; ${FIX}`,
    ]);
  });
});

describe('HTTPRoute retry per channel', () => {
  const withRetries = (props: MeshProps) => {
    const { chart, mesh } = setup(props);
    mesh.addService('reviews', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'r' }] }).addRoute({ name: 'r', retries: { attempts: 2 } });
    return chart;
  };

  test('in the standard channel, retries fail: the standard CRDs have no retry, and leaving it out would change the retries', async () => {
    // WHEN / THEN
    expect(await synthProblems(withRetries({ routingApi: RoutingApi.GATEWAY_API }))).toEqual([
      "[test/mesh/reviews] routes[0] 'r': retries ('retries') cannot be expressed with the Gateway API's standard channel: HTTPRoute 'retry' is experimental "
      + "before Gateway API v1.7, and a rule without it gets the implementation's default retries; give the mesh gatewayApiChannel "
      + "GatewayApiChannel.EXPERIMENTAL (with the experimental CRDs installed), or leave 'retries' out",
    ]);
  });

  test('in the experimental channel, retries become retry', async () => {
    // WHEN
    const objects = await synthValid(withRetries(EXPERIMENTAL));
    // THEN
    expect(findAll(objects, 'gateway.networking.k8s.io/HTTPRoute')[0].spec.rules[0].retry).toEqual({ attempts: 2 });
  });
});

void conforms;
