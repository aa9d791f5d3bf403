/**
 * The protocol Istio reads from a Kubernetes Service port (istio's `kube.ConvertProtocol`): UDP and
 * SCTP by the port's protocol; else `appProtocol` if set, else the port name's prefix before `-`;
 * `grpc-web` as a whole; TCP for well-known server-first ports (25, 53, 3306, 27017).
 */

const KNOWN = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);

/** The protocol (Istio's name, lower case), or undefined when Istio cannot tell (it then sniffs). */
export function serviceProtocol(port: any): string | undefined {
  const k8s = String(port?.protocol ?? 'TCP').toUpperCase();
  if (k8s === 'UDP') return 'udp';
  if (k8s === 'SCTP') return 'sctp';
  const appProtocol = typeof port?.appProtocol === 'string' ? port.appProtocol : undefined;
  if (appProtocol === 'kubernetes.io/h2c') return 'http2';
  if (appProtocol === 'kubernetes.io/ws') return 'http';
  if (appProtocol === 'kubernetes.io/wss') return 'https';
  const name = (appProtocol ?? String(port?.name ?? '')).toLowerCase();
  if (name.startsWith('grpc-web')) return 'grpc-web';
  const prefix = name.split('-')[0];
  if (KNOWN.has(prefix)) return prefix;
  return WELL_KNOWN_PORTS.has(Number(port?.port)) ? 'tcp' : undefined;
}
