import { ServerShape } from './servers';
import { GatewayServer } from '../../gateway-server';

/** What the server checks and renderers read of a server. */
export function serverShape(s: GatewayServer): ServerShape {
  return { port: s.port, protocol: s.protocol, hosts: s.hosts, name: s.name, tlsMode: s.tlsSettings?.mode, httpsRedirect: s.httpsRedirect };
}
