/**
 * Gateway servers as a whole: derived port names, what routes each server carries, and the
 * conflicts between servers Istio cannot resolve.
 */
import { Protocol } from '../../protocol';
import { protocolPrefix, routeKindOf, RouteKind } from '../protocol';
import { listOf } from '../validation';

/** What the gateway needs to know about a server. */
export interface ServerShape {
  readonly port: number;
  readonly protocol: Protocol;
  readonly hosts: string[];
  readonly name?: string;
  /** The TLS mode, if the server has TLS settings. */
  readonly tlsMode?: string;
  /** Whether the server answers every request with a redirect to HTTPS. */
  readonly httpsRedirect?: boolean;
}

const PASSTHROUGH_MODES = ['PASSTHROUGH', 'AUTO_PASSTHROUGH'];

/**
 * The VirtualService section that routes a server's traffic: HTTP for HTTP servers and HTTPS
 * servers that terminate TLS; TLS (by SNI) for PASSTHROUGH; TCP for TCP servers and TLS servers
 * that terminate TLS. AUTO_PASSTHROUGH servers route by SNI without VirtualServices, and HTTP
 * servers with `httpsRedirect` answer every request themselves: NONE.
 */
export function serverRouteKind(s: ServerShape): RouteKind {
  if (s.tlsMode === 'AUTO_PASSTHROUGH' || s.httpsRedirect) {
    return RouteKind.NONE;
  }
  if (s.protocol === Protocol.HTTPS) {
    return s.tlsMode === 'PASSTHROUGH' ? RouteKind.TLS : RouteKind.HTTP;
  }
  if (s.protocol === Protocol.TLS) {
    return s.tlsMode === 'PASSTHROUGH' ? RouteKind.TLS : RouteKind.TCP;
  }
  return routeKindOf(s.protocol);
}

/** Whether a server terminates TLS (and so needs a certificate or the Istio identity). */
export function terminatesTls(s: ServerShape): boolean {
  return s.tlsMode !== undefined && !PASSTHROUGH_MODES.includes(s.tlsMode);
}

/** Which servers may share a port: plain-text HTTP ones, TLS ones (told apart by SNI), TCP ones. */
function portFamily(protocol: Protocol): string {
  switch (routeKindOf(protocol)) {
    case RouteKind.HTTP: return 'plain-text HTTP';
    case RouteKind.TLS: return 'TLS';
    default: return 'TCP';
  }
}

/**
 * Port names of the servers: the given name, else the protocol's prefix (`http`, `https`); a
 * server whose prefix is taken (by a given name or an earlier server) gets `-<port>`, then `-<n>`.
 * Names depend only on earlier servers, so adding a server never renames another.
 */
export function serverPortNames(servers: ServerShape[]): string[] {
  const taken = new Set(servers.filter(s => s.name !== undefined).map(s => s.name!));
  return servers.map(s => {
    if (s.name !== undefined) {
      return s.name;
    }
    const prefix = protocolPrefix(s.protocol);
    let name = taken.has(prefix) ? `${prefix}-${s.port}` : prefix;
    for (let n = 2; taken.has(name); n++) {
      name = `${prefix}-${s.port}-${n}`;
    }
    taken.add(name);
    return name;
  });
}

/** How messages name a server: `'https' (port 443, HTTPS)`. */
export function describeServer(s: ServerShape, name: string): string {
  return `'${name}' (port ${s.port}, ${s.protocol})`;
}

/** Conflicts between servers: duplicate port names, mixed protocols on a port, a host served twice on a port. */
export function serverConflicts(servers: ServerShape[], names: string[]): string[] {
  const problems: string[] = [];
  names.forEach((n, i) => {
    const first = names.indexOf(n);
    if (first !== i) {
      problems.push(`servers[${first}] and servers[${i}] both have the port name '${n}': port names must be unique within a gateway`);
    }
  });
  const ports = [...new Set(servers.map(s => s.port))];
  for (const port of ports) {
    const on = servers.map((s, i) => ({ s, i })).filter(x => x.s.port === port);
    const families = [...new Set(on.map(x => portFamily(x.s.protocol)))];
    if (families.length > 1) {
      problems.push(`port ${port} has ${listOf(on.map(x => describeServer(x.s, names[x.i])))}: one port carries either plain-text HTTP, TLS or TCP servers, got ${families.join(' and ')}`);
      continue;
    }
    const seen = new Map<string, number>();
    for (const { s, i } of on) {
      for (const h of s.hosts) {
        const first = seen.get(h);
        if (first !== undefined && first !== i) {
          problems.push(`servers ${describeServer(servers[first], names[first])} and ${describeServer(s, names[i])} both serve host '${h}' on port ${port}: the gateway could not tell them apart`);
        } else {
          seen.set(h, i);
        }
      }
    }
  }
  return problems;
}

/** A server with its resolved port name. */
export interface NamedServer extends ServerShape {
  readonly portName: string;
}

/** How messages list a workload's Service ports: `80 (target 8080), 443 (target 8443)`. */
export function describePorts(ports: Array<{ port: number; targetPort: number }>): string {
  return ports.map(p => p.port === p.targetPort ? `${p.port}` : `${p.port} (target ${p.targetPort})`).join(', ');
}

/**
 * Servers on ports the workload's Service does not have. A server port may name a Service port or
 * a target port: Istio resolves both to the port the proxy listens on.
 */
export function workloadPortProblems(
  servers: ServerShape[], names: string[], workload: string, ports: Array<{ port: number; targetPort: number }>,
): string[] {
  return servers.flatMap((s, i) => ports.some(p => p.port === s.port || p.targetPort === s.port) ? [] : [
    `server ${describeServer(s, names[i])}: port ${s.port} is not a port of gateway workload '${workload}' (ports: ${describePorts(ports)}): add it to the workload's 'ports'`,
  ]);
}
