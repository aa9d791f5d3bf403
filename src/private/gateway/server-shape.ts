import { serverHostAdmits } from './hosts';
import { NamedServer, serverConflicts, serverPortNames, serverRouteKind, ServerShape, workloadPortProblems } from './servers';
import { GatewayServer } from '../../gateway-server';
import { secretManifest } from '../cluster-objects';
import { RouteKind } from '../protocol';

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

/** The Secrets of the servers' `credentialName`s, once each, in `namespace` (that of the pods reading them). */
export function credentialSecrets(servers: readonly GatewayServer[], namespace: string): any[] {
  const names = [...new Set(servers.map(s => s.tlsSettings?.credentialName).filter((n): n is string => n !== undefined))];
  return names.map(name => secretManifest(namespace, name));
}

/** Whether a server on `port` carries `kind` routes for `host` (a route in the gateway's namespace). */
export function servesHost(servers: readonly GatewayServer[], port: number, kind: RouteKind, namespace: string, host: string): boolean {
  return servers.some(s => s.port === port && serverRouteKind(serverShape(s)) === kind
    && s.hosts.some(h => serverHostAdmits(h, namespace, namespace, host)));
}

/** The problems of a gateway's servers: none at all, conflicts, ports its own workload (if any) does not open. */
export function gatewayServerProblems(
  gateway: string, servers: readonly GatewayServer[], workload?: { name: string; ports: Array<{ port: number; targetPort: number }> },
): string[] {
  const named = namedServers(servers);
  const names = named.map(s => s.portName);
  return [
    ...servers.length === 0 ? [`gateway '${gateway}' has no server: give 'servers' or call addServer()`] : [],
    ...serverConflicts(named, names),
    ...workload ? workloadPortProblems(named, names, workload.name, workload.ports) : [],
  ];
}
