import { GatewayTls } from './gateway-tls';
import { GatewaySpecServers } from './imports/networking.istio.io';
import { serverHostProblem } from './private/gateway/hosts';
import { arrayOf, bool, checkFactoryTypes, instance, num, oneOf, optional, shape, str } from './private/props';
import { PROXY_PORTS, reservedPortUse } from './private/proxy-ports';
import { dnsLabelProblem, integerProblem, throwValueProblems } from './private/validation';
import { Protocol } from './protocol';

/**
 * What every gateway server has.
 */
export interface GatewayServerOptions {
  /**
   * Hosts the server accepts: `*`, DNS names, `*.`-wildcards, each optionally prefixed by
   * `<namespace>/` to admit only VirtualServices of that namespace (`.` the gateway's own,
   * `*` any).
   */
  readonly hosts: string[];
  /**
   * The port name, unique within the gateway.
   *
   * @default - the protocol's prefix (`http`, `https` …); when an earlier server has it, with `-<port>` (then `-<n>`)
   */
  readonly name?: string;
}

/**
 * A plain-text HTTP server.
 */
export interface HttpGatewayServerOptions extends GatewayServerOptions {
  /** The port (a port or target port of the gateway's Service). @default 80 */
  readonly port?: number;
  /** The protocol: HTTP, HTTP2, GRPC or GRPC_WEB. @default Protocol.HTTP */
  readonly protocol?: Protocol;
  /** Answer every request with a 301 redirect to HTTPS (`tls.httpsRedirect`). @default false */
  readonly httpsRedirect?: boolean;
}

/**
 * An HTTPS server: terminates TLS and routes HTTP, or passes TLS through by SNI.
 */
export interface HttpsGatewayServerOptions extends GatewayServerOptions {
  /** The port. @default 443 */
  readonly port?: number;
  /** TLS settings. */
  readonly tls: GatewayTls;
}

/**
 * A TLS server: passes TLS through by SNI, or terminates it and routes the TCP inside.
 */
export interface TlsGatewayServerOptions extends GatewayServerOptions {
  /** The port. */
  readonly port: number;
  /** TLS settings. */
  readonly tls: GatewayTls;
}

/**
 * An opaque TCP server.
 */
export interface TcpGatewayServerOptions {
  /** The port. */
  readonly port: number;
  /** Hosts (TCP carries no host name: they only select VirtualServices). @default ['*'] */
  readonly hosts?: string[];
  /** The port name. @default - the protocol's prefix; when an earlier server has it, with `-<port>` (then `-<n>`) */
  readonly name?: string;
  /** The protocol: TCP, MONGO, MYSQL or REDIS. @default Protocol.TCP */
  readonly protocol?: Protocol;
}

const COMMON = { hosts: arrayOf(str), name: optional(str) };
const TLS = instance('GatewayTls (e.g. GatewayTls.simple({ credentialName: \'cert\' }))', v => v instanceof GatewayTls);

const HTTP_PROTOCOLS = [Protocol.HTTP, Protocol.HTTP2, Protocol.GRPC, Protocol.GRPC_WEB];
const TCP_PROTOCOLS = [Protocol.TCP, Protocol.MONGO, Protocol.MYSQL, Protocol.REDIS];

/**
 * A server of a gateway: a port, a protocol, the hosts it accepts and its TLS settings. Use the
 * static factories.
 *
 * ```ts
 * new Gateway(chart, 'ingress', {
 *   mesh,
 *   servers: [
 *     GatewayServer.http({ port: 80, hosts: ['shop.example.com'], httpsRedirect: true }),
 *     GatewayServer.https({ port: 443, hosts: ['shop.example.com'], tls: GatewayTls.simple({ credentialName: 'shop-cert' }) }),
 *   ],
 * });
 * ```
 */
export abstract class GatewayServer {
  /** Plain-text HTTP (port 80 unless given), optionally redirecting to HTTPS. */
  public static http(options: HttpGatewayServerOptions): GatewayServer {
    checkFactoryTypes(options, shape({ ...COMMON, port: optional(num), protocol: optional(oneOf(Protocol)), httpsRedirect: optional(bool) }));
    const protocol = options.protocol ?? Protocol.HTTP;
    return new GatewayServerImpl(options.port ?? 80, protocol, options.hosts, options.name, undefined, options.httpsRedirect ?? false,
      HTTP_PROTOCOLS.includes(protocol) ? [] : [`'protocol' of an HTTP server must be one of ${HTTP_PROTOCOLS.join(', ')}, got ${protocol}`]);
  }

  /** HTTPS (port 443 unless given). */
  public static https(options: HttpsGatewayServerOptions): GatewayServer {
    checkFactoryTypes(options, shape({ ...COMMON, port: optional(num), tls: TLS }));
    return new GatewayServerImpl(options.port ?? 443, Protocol.HTTPS, options.hosts, options.name, options.tls, false, []);
  }

  /** TLS on any port. */
  public static tls(options: TlsGatewayServerOptions): GatewayServer {
    checkFactoryTypes(options, shape({ ...COMMON, port: num, tls: TLS }));
    return new GatewayServerImpl(options.port, Protocol.TLS, options.hosts, options.name, options.tls, false, []);
  }

  /** Opaque TCP. */
  public static tcp(options: TcpGatewayServerOptions): GatewayServer {
    checkFactoryTypes(options, shape({ ...COMMON, hosts: optional(arrayOf(str)), port: num, protocol: optional(oneOf(Protocol)) }));
    const protocol = options.protocol ?? Protocol.TCP;
    return new GatewayServerImpl(options.port, protocol, options.hosts ?? ['*'], options.name, undefined, false,
      TCP_PROTOCOLS.includes(protocol) ? [] : [`'protocol' of a TCP server must be one of ${TCP_PROTOCOLS.join(', ')}, got ${protocol}`]);
  }

  /** The port number. */
  public abstract readonly port: number;
  /** The protocol. */
  public abstract readonly protocol: Protocol;
  /** The hosts (a copy). */
  public abstract readonly hosts: string[];
  /** The port name, if given. */
  public abstract readonly name?: string;
  /** The TLS settings, if any. */
  public abstract readonly tlsSettings?: GatewayTls;
  /** Whether plain-text requests are redirected to HTTPS. */
  public abstract readonly httpsRedirect: boolean;

  /** @internal */
  public abstract _toIstio(portName: string): GatewaySpecServers;
}

class GatewayServerImpl extends GatewayServer {
  private readonly _hosts: string[];

  public constructor(
    public readonly port: number,
    public readonly protocol: Protocol,
    hosts: string[],
    public readonly name: string | undefined,
    public readonly tlsSettings: GatewayTls | undefined,
    public readonly httpsRedirect: boolean,
    problems: string[],
  ) {
    super();
    throwValueProblems([
      ...problems,
      integerProblem('port', port, 1, 65535),
      PROXY_PORTS.has(port) ? `'port' ${port} is a port of the gateway proxy itself (${reservedPortUse(port)})` : undefined,
      name !== undefined ? dnsLabelProblem('name', name) : undefined,
      hosts.length === 0 ? "'hosts' must have at least one entry" : undefined,
      ...hosts.map((h, i) => serverHostProblem(`hosts[${i}]`, h)),
      ...hosts.map((h, i) => hosts.indexOf(h) !== i ? `'hosts[${i}]' '${h}' is given twice` : undefined),
    ]);
    this._hosts = [...hosts];
  }

  public get hosts(): string[] {
    return [...this._hosts];
  }

  public _toIstio(portName: string): GatewaySpecServers {
    return {
      port: { number: this.port, name: portName, protocol: this.protocol },
      hosts: this.hosts,
      tls: this.tlsSettings?._toIstio() ?? (this.httpsRedirect ? { httpsRedirect: true } : undefined),
    };
  }
}
