/**
 * The protocol Istio reads from a Kubernetes Service port (Istio's `kube.ConvertProtocol`): UDP by
 * the port's protocol; else `appProtocol` when set (Kubernetes' `kubernetes.io/h2c`, `ws` and `wss`
 * included), else the port name: `grpc-web` as a prefix, else the part before the first `-`; TCP
 * for well-known server-first ports (25, 53, 3306, 27017) when that names no protocol.
 */

const KNOWN = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);

/** The protocol (Istio's name, lower case), or undefined when Istio cannot tell (it then sniffs). */
export function serviceProtocol(port: any): string | undefined {
  if (port?.protocol === 'UDP') return 'udp';
  let name = typeof port?.appProtocol === 'string' ? port.appProtocol : String(port?.name ?? '');
  if (typeof port?.appProtocol === 'string') {
    if (name === 'kubernetes.io/h2c') return 'http2';
    if (name === 'kubernetes.io/ws') return 'http';
    if (name === 'kubernetes.io/wss') return 'https';
  }
  if (name.slice(0, 'grpc-web'.length).toLowerCase() === 'grpc-web') return 'grpc-web';
  const dash = name.indexOf('-');
  if (dash >= 0) name = name.slice(0, dash);
  const protocol = name.toLowerCase();
  if (KNOWN.has(protocol)) return protocol;
  return WELL_KNOWN_PORTS.has(Number(port?.port)) ? 'tcp' : undefined;
}
