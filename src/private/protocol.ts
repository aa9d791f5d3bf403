import { Protocol } from '../protocol';

/** How a protocol is routed by a VirtualService. */
export enum RouteKind {
  /** `http:` routes. */
  HTTP = 'http',
  /** `tls:` routes (matched by SNI). */
  TLS = 'tls',
  /** `tcp:` routes. */
  TCP = 'tcp',
  /** Not routable by a VirtualService. */
  NONE = 'none',
}

export function protocolPrefix(protocol: Protocol): string {
  return protocol.toLowerCase();
}

export function routeKindOf(protocol: Protocol): RouteKind {
  switch (protocol) {
    case Protocol.HTTP:
    case Protocol.HTTP2:
    case Protocol.GRPC:
    case Protocol.GRPC_WEB:
      return RouteKind.HTTP;
    case Protocol.HTTPS:
    case Protocol.TLS:
      return RouteKind.TLS;
    case Protocol.UDP:
      return RouteKind.NONE;
    default:
      return RouteKind.TCP;
  }
}

/**
 * The protocol Istio reads from a Service port name (`http`, `http-web`, `grpc-api` …), or undefined
 * when the name carries no protocol prefix Istio knows.
 */
export function protocolFromPortName(name: string): Protocol | undefined {
  const prefix = name.split('-')[0].toLowerCase();
  // `grpc-web` is a two-part prefix
  if (name.toLowerCase() === 'grpc-web' || name.toLowerCase().startsWith('grpc-web-')) {
    return Protocol.GRPC_WEB;
  }
  return (Object.values(Protocol) as string[]).find(p => p.toLowerCase() === prefix) as Protocol | undefined;
}
