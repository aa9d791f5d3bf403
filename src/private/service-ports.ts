import { IntOrString, ServicePort } from 'cdk8s-plus-27/lib/imports/k8s';
import { PortModel } from '../model/service';
import { Protocol } from '../protocol';
import { MeshServicePort } from '../service-port';
import { protocolFromPortName, protocolPrefix } from './protocol';
import { PROXY_PORTS } from './proxy-ports';
import { dnsLabelProblem, integerProblem } from './validation';

/**
 * The ports of a Kubernetes Service for a service's ports (the Service of the service and, in the
 * Gateway API mode, the Service of every version): `appProtocol` only when the name does not
 * already tell Istio the protocol.
 */
export function renderServicePorts(ports: readonly PortModel[]): ServicePort[] {
  return ports.map(p => ({
    name: p.name,
    port: p.port,
    targetPort: p.targetPort !== undefined && p.targetPort !== p.port ? IntOrString.fromNumber(p.targetPort) : undefined,
    protocol: p.protocol === Protocol.UDP ? 'UDP' : undefined,
    appProtocol: protocolFromPortName(p.name) === p.protocol ? undefined : protocolPrefix(p.protocol),
  }));
}

/** `exportTo` entries: `.`, `*` or namespace names. */
export function exportToProblems(exportTo: string[] | undefined): string[] {
  return (exportTo ?? []).flatMap((ns, i) => ns === '.' || ns === '*' ? [] : [dnsLabelProblem(`exportTo[${i}]`, ns)])
    .filter((p): p is string => p !== undefined);
}

/** Problems of the declared ports: ranges, ports the proxy reserves, duplicates, names that contradict the protocol. */
export function portProblems(ports: MeshServicePort[]): string[] {
  const problems: Array<string | undefined> = [];
  ports.forEach((p, i) => {
    problems.push(integerProblem(`ports[${i}].port`, p.port, 1, 65535));
    problems.push(integerProblem(`ports[${i}].targetPort`, p.targetPort, 1, 65535));
    for (const [field, n] of [['port', p.port], ['targetPort', p.targetPort]] as const) {
      if (n !== undefined && PROXY_PORTS.has(n) && (field === 'port' || n !== p.port)) {
        problems.push(`'ports[${i}].${field}' ${n} is reserved by Istio's sidecar (${PROXY_PORTS.get(n)}): use another port`);
      }
    }
    if (p.name !== undefined) {
      problems.push(dnsLabelProblem(`ports[${i}].name`, p.name));
    }
    if (ports.findIndex(o => Object.is(o.port, p.port)) !== i) {
      problems.push(`'ports[${i}].port' ${p.port} is declared twice`);
    }
    if (p.name !== undefined && ports.findIndex(o => o.name === p.name) !== i) {
      problems.push(`'ports[${i}].name' '${p.name}' is declared twice`);
    }
    const named = p.name === undefined ? undefined : protocolFromPortName(p.name);
    if (named !== undefined && p.protocol !== undefined && named !== p.protocol) {
      problems.push(`'ports[${i}].name' '${p.name}' tells Istio the protocol is ${named}, but 'protocol' is ${p.protocol}: rename the port or change its protocol`);
    }
  });
  return problems.filter((p): p is string => p !== undefined);
}

/** Resolves protocols and default port names (`http`, or `http-9080` when several ports are HTTP). */
export function namePorts(ports: MeshServicePort[]): MeshServicePort[] {
  const resolved = ports.map(p => ({
    ...p,
    protocol: p.protocol ?? (p.name !== undefined ? protocolFromPortName(p.name) : undefined) ?? Protocol.HTTP,
  }));
  return resolved.map(p => {
    if (p.name !== undefined) {
      return p;
    }
    const prefix = protocolPrefix(p.protocol);
    const shared = resolved.filter(o => o.protocol === p.protocol).length > 1;
    return { ...p, name: shared ? `${prefix}-${p.port}` : prefix };
  });
}
