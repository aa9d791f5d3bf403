import { NamedServer, serverPortNames, ServerShape } from './servers';
import { GatewayServer } from '../../gateway-server';

/** What the server checks and renderers read of a server. */
export function serverShape(s: GatewayServer): ServerShape {
  return { port: s.port, protocol: s.protocol, hosts: s.hosts, name: s.name, tlsMode: s.tlsSettings?.mode, httpsRedirect: s.httpsRedirect };
}

/** The servers' shapes with their port names (`http`, `https-443` … as the Service names them). */
export function namedServers(servers: readonly GatewayServer[]): NamedServer[] {
  const shapes = servers.map(serverShape);
  const names = serverPortNames(shapes);
  return shapes.map((s, i) => ({ ...s, portName: names[i] }));
}
