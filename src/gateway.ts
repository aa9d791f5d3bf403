import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DataPlane, DataPlaneMode } from './data-plane';
import type { ExternalService } from './external-service';
import { GatewaySpec, GatewaySpecServers, GatewaySpecServersTls, Gateway as IstioGateway } from './imports/networking.istio.io';
import { Mesh } from './mesh';
import { planEgress } from './private/gateway/egress';
import { serverHostAdmits, serverHostProblem } from './private/gateway/hosts';
import {
  derivedVirtualServiceName, gatewayDestinationProblems, GatewayRouteGroup, hostSetKey, routeHostsProblems, routeServingProblems,
} from './private/gateway/routes';
import { NamedServer, serverConflicts, serverPortNames, serverRouteKind, ServerShape, workloadPortProblems } from './private/gateway/servers';
import { AnyGatewayTlsOptions, gatewayTlsProblems, renderGatewayTls } from './private/gateway/tls';
import { createWorkloadObjects, gatewayNamespace, RESERVED_PORTS, ResolvedPort, resolveWorkload, workloadSelector } from './private/gateway/workload';
import { crossNamespaceRefs, httpDestinations } from './private/gateway-api/backends';
import {
  GATEWAY_NAME_LABEL, gatewayApiNamespace, gatewayApiPropProblems, parentRefsFor, PlannedListener, planListeners, renderGateway, renderRedirectRoute,
} from './private/gateway-api/gateway';
import { GrantSet } from './private/gateway-api/grants';
import { GatewayApiGateway, HttpRoute } from './private/gateway-api/types';
import { unsupported } from './private/gateway-api/values';
import { lazy } from './private/lazy';
import { RouteKind } from './private/protocol';
import { injectionSettings } from './private/sidecar';
import {
  dns1035LabelProblem, dnsLabelProblem, dnsSubdomainProblem, integerProblem, labelProblems, listOf, throwIfProblems,
} from './private/validation';
import { Protocol } from './protocol';
import { HttpRouteOptions, IMeshHost, Route, TcpRouteOptions, TlsRouteOptions } from './route';
import { RoutingApi } from './routing-api';

/* ------------------------------------------------------------------ */
/* TLS of servers                                                      */
/* ------------------------------------------------------------------ */

/**
 * TLS modes of a gateway server (Istio's `ServerTLSSettings.TLSmode`).
 */
export enum GatewayTlsMode {
  /** TLS terminated with the server's certificate. */
  SIMPLE = 'SIMPLE',
  /** TLS terminated; clients must present a certificate the CA bundle verifies. */
  MUTUAL = 'MUTUAL',
  /** Like MUTUAL, but clients without a certificate are let in too. */
  OPTIONAL_MUTUAL = 'OPTIONAL_MUTUAL',
  /** Istio mutual TLS with the gateway's workload identity (e.g. traffic from sidecars to an egress gateway). */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
  /** TLS forwarded untouched, routed by SNI (VirtualService `tls` routes). */
  PASSTHROUGH = 'PASSTHROUGH',
  /** TLS forwarded untouched to the mesh service the SNI names, without VirtualServices (multi-cluster). */
  AUTO_PASSTHROUGH = 'AUTO_PASSTHROUGH',
}

/**
 * TLS protocol versions.
 */
export enum TlsProtocolVersion {
  /** Envoy's default. */
  TLS_AUTO = 'TLS_AUTO',
  /** TLS 1.0. */
  TLSV1_0 = 'TLSV1_0',
  /** TLS 1.1. */
  TLSV1_1 = 'TLSV1_1',
  /** TLS 1.2. */
  TLSV1_2 = 'TLSV1_2',
  /** TLS 1.3. */
  TLSV1_3 = 'TLSV1_3',
}

/**
 * TLS settings every terminating mode accepts.
 */
export interface GatewayTlsOptions {
  /** Lowest TLS version accepted. Below TLSV1_2 needs `cipherSuites`. @default - Envoy's default (TLS 1.2) */
  readonly minProtocolVersion?: TlsProtocolVersion;
  /** Highest TLS version accepted. @default - Envoy's default (TLS 1.3) */
  readonly maxProtocolVersion?: TlsProtocolVersion;
  /** Cipher suites offered (OpenSSL names, e.g. `ECDHE-RSA-AES256-GCM-SHA384`). @default - Envoy's defaults */
  readonly cipherSuites?: string[];
}

/**
 * The server certificate of a SIMPLE server: a Secret (`credentialName`) or files in the pod.
 */
export interface SimpleGatewayTlsOptions extends GatewayTlsOptions {
  /**
   * Name of the Secret (keys `tls.crt`/`tls.key`, or `cert`/`key`) holding the certificate, in the
   * namespace of the gateway's workload. Excludes the file options.
   *
   * @default - none: `serverCertificate` and `privateKey` are required
   */
  readonly credentialName?: string;
  /** Path of the server certificate file in the gateway pod. @default - none */
  readonly serverCertificate?: string;
  /** Path of the private key file in the gateway pod. @default - none */
  readonly privateKey?: string;
}

/**
 * The server certificate and the verification of client certificates of a MUTUAL server.
 */
export interface MutualGatewayTlsOptions extends SimpleGatewayTlsOptions {
  /**
   * Path of the CA bundle that verifies client certificates. Required with file certificates;
   * with `credentialName` the CA comes from the Secret (`ca.crt`, or the Secret `<name>-cacert`).
   *
   * @default - none
   */
  readonly caCertificates?: string;
  /** Path of a certificate revocation list (file certificates only). @default - none */
  readonly caCrl?: string;
  /** Accepted client identities (subject alternative names). @default - any identity the CA vouches for */
  readonly subjectAltNames?: string[];
  /** Accepted client certificates by base64 SHA-256 hash of their SPKI. @default - any */
  readonly verifyCertificateSpki?: string[];
  /** Accepted client certificates by hex SHA-256 hash. @default - any */
  readonly verifyCertificateHash?: string[];
}

/**
 * Options of an ISTIO_MUTUAL server.
 */
export interface IstioMutualGatewayTlsOptions extends GatewayTlsOptions {
  /** Accepted client identities (`spiffe://…`). @default - any workload of the mesh */
  readonly subjectAltNames?: string[];
}

/**
 * TLS settings of a gateway server. Use the static factories; their values are checked as Istio
 * checks them (and settings Istio would silently ignore are errors).
 */
export abstract class GatewayTls {
  /** Terminates TLS with a server certificate. */
  public static simple(options: SimpleGatewayTlsOptions): GatewayTls {
    return new GatewayTlsImpl(GatewayTlsMode.SIMPLE, options);
  }

  /** Terminates TLS and requires client certificates. */
  public static mutual(options: MutualGatewayTlsOptions): GatewayTls {
    return new GatewayTlsImpl(GatewayTlsMode.MUTUAL, options);
  }

  /** Terminates TLS and verifies client certificates when clients present one. */
  public static optionalMutual(options: MutualGatewayTlsOptions): GatewayTls {
    return new GatewayTlsImpl(GatewayTlsMode.OPTIONAL_MUTUAL, options);
  }

  /** Terminates Istio mutual TLS with the gateway's own workload certificate. */
  public static istioMutual(options: IstioMutualGatewayTlsOptions = {}): GatewayTls {
    return new GatewayTlsImpl(GatewayTlsMode.ISTIO_MUTUAL, options);
  }

  /** Forwards TLS untouched; `addTlsRoute` routes it by SNI. Takes no certificate. */
  public static passthrough(): GatewayTls {
    return new GatewayTlsImpl(GatewayTlsMode.PASSTHROUGH, {});
  }

  /** Forwards TLS untouched to the mesh service its SNI names (no routes needed). Takes no certificate. */
  public static autoPassthrough(): GatewayTls {
    return new GatewayTlsImpl(GatewayTlsMode.AUTO_PASSTHROUGH, {});
  }

  /** The TLS mode. */
  public abstract readonly mode: GatewayTlsMode;
  /** The Secret holding the certificate, if any. */
  public abstract readonly credentialName?: string;

  /** @internal */
  public abstract _toIstio(): GatewaySpecServersTls;

  /** @internal */
  public abstract _options(): AnyGatewayTlsOptions;
}

class GatewayTlsImpl extends GatewayTls {
  public readonly credentialName?: string;

  public constructor(public readonly mode: GatewayTlsMode, private readonly options: AnyGatewayTlsOptions) {
    super();
    const problems = gatewayTlsProblems(mode, options);
    if (problems.length > 0) {
      throw new Error(problems.join('\n'));
    }
    this.credentialName = options.credentialName;
  }

  public _toIstio(): GatewaySpecServersTls {
    return renderGatewayTls(this.mode, this.options);
  }

  public _options(): AnyGatewayTlsOptions {
    return { ...this.options };
  }
}

/* ------------------------------------------------------------------ */
/* servers                                                             */
/* ------------------------------------------------------------------ */

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

const HTTP_PROTOCOLS = [Protocol.HTTP, Protocol.HTTP2, Protocol.GRPC, Protocol.GRPC_WEB];
const TCP_PROTOCOLS = [Protocol.TCP, Protocol.MONGO, Protocol.MYSQL, Protocol.REDIS];

/**
 * A server of a gateway: a port, a protocol, the hosts it accepts and its TLS settings. Use the
 * static factories.
 */
export abstract class GatewayServer {
  /** Plain-text HTTP (port 80 unless given), optionally redirecting to HTTPS. */
  public static http(options: HttpGatewayServerOptions): GatewayServer {
    const protocol = options.protocol ?? Protocol.HTTP;
    return new GatewayServerImpl(options.port ?? 80, protocol, options.hosts, options.name, undefined, options.httpsRedirect ?? false,
      HTTP_PROTOCOLS.includes(protocol) ? [] : [`'protocol' of an HTTP server must be one of ${HTTP_PROTOCOLS.join(', ')}, got ${protocol}`]);
  }

  /** HTTPS (port 443 unless given). */
  public static https(options: HttpsGatewayServerOptions): GatewayServer {
    return new GatewayServerImpl(options.port ?? 443, Protocol.HTTPS, options.hosts, options.name, options.tls, false, []);
  }

  /** TLS on any port. */
  public static tls(options: TlsGatewayServerOptions): GatewayServer {
    return new GatewayServerImpl(options.port, Protocol.TLS, options.hosts, options.name, options.tls, false, []);
  }

  /** Opaque TCP. */
  public static tcp(options: TcpGatewayServerOptions): GatewayServer {
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
    const found = [
      ...problems,
      integerProblem('port', port, 1, 65535),
      RESERVED_PORTS.includes(port) ? `'port' ${port} is a port of the gateway proxy itself (reserved: ${RESERVED_PORTS.join(', ')})` : undefined,
      name !== undefined ? dnsLabelProblem('name', name) : undefined,
      hosts.length === 0 ? "'hosts' must have at least one entry" : undefined,
      ...hosts.map((h, i) => serverHostProblem(`hosts[${i}]`, h)),
      ...hosts.map((h, i) => hosts.indexOf(h) !== i ? `'hosts[${i}]' '${h}' is given twice` : undefined),
    ].filter((p): p is string => p !== undefined);
    if (found.length > 0) {
      throw new Error(found.join('\n'));
    }
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

/* ------------------------------------------------------------------ */
/* workload                                                            */
/* ------------------------------------------------------------------ */

/**
 * A port of a gateway workload's Service.
 */
export interface GatewayPort {
  /** The Service port (1–65535). */
  readonly port: number;
  /** The Service port name (a DNS-1123 label; not `status-port`). */
  readonly name: string;
  /**
   * The port the proxy listens on.
   *
   * @default - `port + 8000` below 1024 (80 → 8080, 443 → 8443, like Istio's classic gateways), else `port`
   */
  readonly targetPort?: number;
}

/**
 * Autoscaling of a gateway workload (a HorizontalPodAutoscaler, as Istio's gateway chart).
 */
export interface GatewayAutoscaling {
  /** Fewest replicas (at least 1). @default 1 */
  readonly minReplicas?: number;
  /** Most replicas (at least `minReplicas`). @default 5 */
  readonly maxReplicas?: number;
  /** Target average CPU use, in percent of the CPU request (at least 1). @default 80, or none when `targetMemoryUtilization` is given */
  readonly targetCpuUtilization?: number;
  /** Target average memory use, in percent of the memory request (at least 1). @default - none */
  readonly targetMemoryUtilization?: number;
}

/**
 * A PodDisruptionBudget of a gateway workload: exactly one of the two limits.
 */
export interface GatewayDisruptionBudget {
  /** Pods that must stay available during voluntary disruptions (below the minimum replica count). @default - none */
  readonly minAvailable?: number;
  /** Pods that may be unavailable during voluntary disruptions (at least 1). @default - none */
  readonly maxUnavailable?: number;
}

/**
 * Options of a gateway's workload.
 */
export interface GatewayWorkloadOptions {
  /** Number of pods; excludes `autoscaling`. @default 1 */
  readonly replicas?: number;
  /**
   * Ports of the Service, besides the status port 15021 (`status-port`), which is always first.
   *
   * @default - 80 `http2` (target 8080) and 443 `https` (target 8443)
   */
  readonly ports?: GatewayPort[];
  /** Type of the Service. @default - LOAD_BALANCER for ingress, CLUSTER_IP for egress */
  readonly serviceType?: kplus.ServiceType;
  /** Annotations of the Service (e.g. a cloud load balancer's settings). @default - none */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Resources of the proxy container; fields left out keep Istio's defaults.
   *
   * @default - requests cpu 100m / memory 128Mi, limits cpu 2000m / memory 1024Mi (Istio's gateway chart)
   */
  readonly resources?: kplus.ContainerResources;
  /** A HorizontalPodAutoscaler. @default - none: `replicas` pods */
  readonly autoscaling?: GatewayAutoscaling;
  /** A PodDisruptionBudget. @default - none */
  readonly disruptionBudget?: GatewayDisruptionBudget;
}

/**
 * Properties of a `GatewayWorkload`.
 */
export interface GatewayWorkloadProps extends GatewayWorkloadOptions {
  /** The mesh. */
  readonly mesh: Mesh;
  /**
   * Name of the Deployment, Service, ServiceAccount, Role and RoleBinding (a DNS-1035 label).
   *
   * @default - 'istio-ingressgateway', or 'istio-egressgateway' for egress
   */
  readonly name?: string;
  /**
   * Namespace of the workload. A namespace the mesh does not have yet is added with
   * `DataPlane.none()` (labelled `istio-injection: disabled`): the pods arrive injected with the
   * gateway template, and Istio's webhook must leave them alone.
   *
   * @default - 'istio-ingress', or 'istio-egress' for egress
   */
  readonly namespace?: string;
  /** An egress gateway (a ClusterIP Service by default, and `istio: egressgateway` by default). @default false */
  readonly egress?: boolean;
  /**
   * The `istio` label of the pods, which Gateways select.
   *
   * @default - the name without its `istio-` prefix (Istio's gateway chart): `ingressgateway`, `egressgateway`
   */
  readonly istioLabel?: string;
}

const WORKLOAD_OPTIONS: Array<keyof GatewayWorkloadOptions> = [
  'replicas', 'ports', 'serviceType', 'serviceAnnotations', 'resources', 'autoscaling', 'disruptionBudget',
];

/**
 * The pods of a gateway, shaped like Istio's `gateway` Helm chart: a Deployment running the mesh's
 * `proxyv2` image as a router (its `istio-proxy` container with `image: auto` is filled in by the
 * injection engine's `gateway` template at synthesis, exactly as Istio's webhook would), a Service
 * (the status port 15021 and the gateway's ports), a ServiceAccount, a Role and RoleBinding that
 * let it read TLS Secrets of its namespace, and optionally a HorizontalPodAutoscaler and a
 * PodDisruptionBudget.
 *
 * A `Gateway` creates one of its own unless given `workload` (several Gateways may share one) or
 * `selector` (a gateway installed elsewhere).
 */
export class GatewayWorkload extends Construct implements IMeshHost {
  /** The mesh. */
  public readonly mesh: Mesh;
  /** The name of the workload's objects. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** Whether this is an egress gateway. */
  public readonly egress: boolean;
  /** The `istio` label of the pods. */
  public readonly istioLabel: string;
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The Service. */
  public readonly service: ApiObject;
  /** The ServiceAccount. */
  public readonly serviceAccount: ApiObject;
  /** The HorizontalPodAutoscaler, if autoscaling. */
  public readonly autoscaler?: ApiObject;
  /** The PodDisruptionBudget, if any. */
  public readonly disruptionBudget?: ApiObject;

  private readonly _ports: ResolvedPort[];

  public constructor(scope: Construct, id: string, props: GatewayWorkloadProps) {
    super(scope, id);
    this.mesh = props.mesh;
    this.egress = props.egress ?? false;
    this.name = props.name ?? (this.egress ? 'istio-egressgateway' : 'istio-ingressgateway');
    this.namespace = props.namespace ?? defaultNamespace(this.egress);
    this.istioLabel = props.istioLabel ?? this.name.replace(/^istio-(?=.)/, '');
    const { resolved, problems } = resolveWorkload({ ...props, egress: this.egress });
    throwIfProblems(this, [
      dns1035LabelProblem('name', this.name),
      dnsLabelProblem('namespace', this.namespace),
      ...labelProblems('istioLabel', { istio: this.istioLabel }),
      ...problems,
    ]);

    this._ports = resolved.ports;
    const namespaceObject = gatewayNamespace(this.mesh, this.namespace);
    const mesh = this.mesh;
    const objects = createWorkloadObjects(this, {
      ...resolved,
      name: this.name,
      namespace: this.namespace,
      istioLabel: this.istioLabel,
      webhookNamespace: this.namespace !== mesh.rootNamespace && mesh.namespaceDataPlane(this.namespace).mode === DataPlaneMode.WEBHOOK,
      injection: () => injectionSettings(mesh, DataPlane.synthTime()),
    });
    this.deployment = objects.deployment;
    this.service = objects.service;
    this.serviceAccount = objects.serviceAccount;
    this.autoscaler = objects.autoscaler;
    this.disruptionBudget = objects.disruptionBudget;
    if (namespaceObject) {
      for (const c of this.node.children) {
        if (c instanceof ApiObject) {
          c.addDependency(namespaceObject);
        }
      }
    }
  }

  /** The Service ports, besides the status port (copies). */
  public get ports(): GatewayPort[] {
    return this._ports.map(p => ({ ...p }));
  }

  /** The Service port numbers, besides the status port. */
  public get portNumbers(): number[] {
    return this._ports.map(p => p.port);
  }

  /** A gateway has no versions. */
  public get versionNames(): string[] {
    return [];
  }

  /** The fully qualified host name of the Service. */
  public get fqdn(): string {
    return `${this.name}.${this.namespace}.svc.${this.mesh.clusterDomain}`;
  }

  /** How an Istio object in `namespace` names the Service: the short name in its own namespace, else the FQDN. */
  public hostFrom(namespace: string): string {
    return namespace === this.namespace ? this.name : this.fqdn;
  }

  /** The labels the Deployment and Service select pods by: `app` and `istio`. */
  public selectorLabels(): { [key: string]: string } {
    return workloadSelector(this);
  }

  /** @internal */
  public _resolvedPorts(): ResolvedPort[] {
    return this._ports.map(p => ({ ...p }));
  }
}

function defaultNamespace(egress: boolean): string {
  return egress ? 'istio-egress' : 'istio-ingress';
}

/* ------------------------------------------------------------------ */
/* routes                                                              */
/* ------------------------------------------------------------------ */

/**
 * Which VirtualService of the gateway a route goes into: one per set of hosts (and namespace).
 */
export interface GatewayRouteBinding {
  /** Hosts the route serves (`*`, DNS names, `*.`-wildcards); a server of the gateway must serve each. */
  readonly hosts: string[];
  /**
   * Name of the VirtualService (of the HTTPRoute, in Gateway API mode). Routes with the same hosts
   * share one VirtualService.
   *
   * @default - `<gateway name>-<hosts>`, `*` written as `wildcard` (`ingress-wildcard`, `ingress-shop.example.com`)
   */
  readonly virtualServiceName?: string;
  /**
   * Namespace of the VirtualService; it names the gateway `<namespace>/<name>` from elsewhere.
   *
   * @default - the gateway's namespace
   */
  readonly namespace?: string;
}

/** An HTTP route of a gateway. Destinations name their `host` (and `port` when it has several). */
export interface GatewayHttpRouteOptions extends HttpRouteOptions, GatewayRouteBinding {}
/** A TCP route of a gateway. */
export interface GatewayTcpRouteOptions extends TcpRouteOptions, GatewayRouteBinding {}
/** A TLS (SNI) route of a gateway, for PASSTHROUGH servers. SNI hosts default to the route's hosts. */
export interface GatewayTlsRouteOptions extends TlsRouteOptions, GatewayRouteBinding {}

/**
 * Options of `Gateway.addEgressRoute`.
 */
export interface EgressRouteOptions {
  /** The port of the external service (HTTP, or HTTPS/TLS routed by SNI). @default - its only HTTP, HTTPS or TLS port */
  readonly port?: number;
  /** The Service port of the egress gateway traffic passes through. @default - 80 for HTTP, 443 for HTTPS and TLS */
  readonly gatewayPort?: number;
}

/* ------------------------------------------------------------------ */
/* gateway                                                             */
/* ------------------------------------------------------------------ */

/**
 * Properties of a `Gateway`. The workload options configure the gateway's own workload, and are
 * errors when `workload` or `selector` names another.
 */
export interface GatewayProps extends GatewayWorkloadOptions {
  /** The mesh. */
  readonly mesh: Mesh;
  /** Name of the Istio Gateway (a DNS-1123 label). @default - the construct id */
  readonly name?: string;
  /**
   * Namespace of the Istio Gateway and of its own workload. A new namespace is added to the mesh
   * with `DataPlane.none()` (`istio-injection: disabled`), since the gateway's pods arrive injected.
   * In Gateway API mode a new namespace gets no injection label (Istio's webhook injects the pods
   * istiod deploys by their own label), and a namespace with `DataPlane.none()` is an error.
   *
   * @default - the namespace of `workload`, else 'istio-ingress', or 'istio-egress' for egress
   */
  readonly namespace?: string;
  /** An egress gateway: the mesh's traffic leaves through it (see `addEgressRoute`). @default false */
  readonly egress?: boolean;
  /** Servers; more can be added with `addServer`. At least one is required. @default - none yet */
  readonly servers?: GatewayServer[];
  /**
   * Labels of an existing gateway's pods (e.g. `{ istio: 'ingressgateway' }` for a gateway installed
   * with Helm or istioctl). No workload is emitted, and server ports are not checked.
   *
   * @default - the `istio` label of the gateway's workload
   */
  readonly selector?: { [key: string]: string };
  /** A workload shared with other Gateways. Excludes `selector`. @default - the gateway creates its own */
  readonly workload?: GatewayWorkload;
  /** Name of the gateway's own workload. @default - 'istio-ingressgateway', or 'istio-egressgateway' for egress */
  readonly workloadName?: string;
}

/**
 * An Istio Gateway (`networking.istio.io/v1`): servers (ports, protocols, hosts, TLS) on a gateway
 * workload, and routes from its hosts to mesh services, emitted as VirtualServices bound to it.
 *
 * By default the gateway is an ingress gateway with its own workload (`GatewayWorkload`) in the
 * `istio-ingress` namespace; `egress: true` makes it an egress gateway (`istio-egress`, a ClusterIP
 * Service, `istio: egressgateway`), through which `addEgressRoute` sends an external service's traffic.
 *
 * ```ts
 * const ingress = new Gateway(mesh, 'ingress', {
 *   mesh,
 *   servers: [
 *     GatewayServer.http({ hosts: ['shop.example.com'], httpsRedirect: true }),
 *     GatewayServer.https({ hosts: ['shop.example.com'], tls: GatewayTls.simple({ credentialName: 'shop-cert' }) }),
 *   ],
 * });
 * ingress.addRoute({ hosts: ['shop.example.com'], destinations: [{ host: frontend }] });
 * ```
 *
 * In a mesh with `RoutingApi.GATEWAY_API` the gateway is a Kubernetes Gateway API `Gateway`
 * (`gateway.networking.k8s.io/v1`, class `istio`) instead: each server host becomes a listener
 * (name, port, protocol, hostname, TLS with the `credentialName` Secret as certificate, and the
 * namespaces it admits routes from, as the host's `namespace/` part says), routes become
 * HTTPRoutes (TLSRoutes for PASSTHROUGH servers) attached to the listeners that serve their
 * hosts, and an `httpsRedirect` server is answered by the HTTPRoute `<name>-https-redirect`.
 * istiod deploys the gateway's pods and their Service itself, so the gateway has no workload:
 * `selector`, `workload`, `workloadName` and the workload options are errors, and so is `egress`.
 */
export class Gateway extends Construct {
  /** The mesh. */
  public readonly mesh: Mesh;
  /** The Istio Gateway name. */
  public readonly name: string;
  /** The namespace of the Istio Gateway. */
  public readonly namespace: string;
  /** Whether this is an egress gateway. */
  public readonly egress: boolean;
  /** The workload the gateway configures, unless it selects an existing one with `selector`. */
  public readonly workload?: GatewayWorkload;
  /** The gateway object: the Istio Gateway, or the Gateway API Gateway in a mesh with `RoutingApi.GATEWAY_API`. */
  public readonly resource: ApiObject;

  private readonly _selector?: { [key: string]: string };
  private readonly _servers: GatewayServer[] = [];
  private readonly groups = new Map<string, GatewayRouteGroup>();
  private readonly _gatewayApi: boolean;
  private readonly _grants?: GrantSet;
  private _redirectRoute?: ApiObject;

  public constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    this.mesh = props.mesh;
    this.name = props.name ?? id;
    this.egress = props.egress ?? props.workload?.egress ?? false;
    this.namespace = props.namespace ?? props.workload?.namespace ?? defaultNamespace(this.egress);
    this._gatewayApi = this.mesh.routingApi === RoutingApi.GATEWAY_API;
    if (this._gatewayApi) {
      const given = (['selector', 'workload', 'workloadName', ...WORKLOAD_OPTIONS] as const).filter(k => props[k] !== undefined);
      const namespace = gatewayApiNamespace(this.mesh, this.namespace);
      throwIfProblems(this, [
        dnsLabelProblem('name', this.name),
        dnsLabelProblem('namespace', this.namespace),
        ...gatewayApiPropProblems(given),
        this.egress ? unsupported('an egress gateway', 'egress', "Istio's Gateway API support routes egress through ServiceEntries, not through a Gateway of class 'istio'") : undefined,
        namespace.problem,
      ]);
      const revision = this.mesh.istio.revision;
      this.resource = new GatewayApiGateway(this, 'Gateway', {
        metadata: { name: this.name, namespace: this.namespace, labels: revision !== undefined ? { 'istio.io/rev': revision } : undefined },
        spec: lazy(() => renderGateway(this.listeners().listeners)),
      });
      if (namespace.object) {
        this.resource.addDependency(namespace.object);
      }
      this._grants = new GrantSet(this, `${this.name}.${this.namespace}`, () => [...this.groups.values()].flatMap(g => [
        ...g.table.httpEntries.flatMap(r => crossNamespaceRefs('HTTPRoute', g.namespace, httpDestinations(r.options))),
        ...g.table.tlsEntries.flatMap(r => crossNamespaceRefs('TLSRoute', g.namespace, r.options.destinations)),
      ]));
      for (const server of props.servers ?? []) {
        this.addServer(server);
      }
      this.node.addValidation({ validate: () => this.validateGateway() });
      return;
    }
    const own = props.selector === undefined && props.workload === undefined;
    const other = props.selector !== undefined ? "'selector' names an existing gateway" : `'workload' is ${props.workload?.node.path}`;

    throwIfProblems(this, [
      dnsLabelProblem('name', this.name),
      dnsLabelProblem('namespace', this.namespace),
      props.selector !== undefined && props.workload !== undefined ? "'selector' and 'workload' exclude each other: the selector comes from the workload" : undefined,
      props.selector !== undefined && Object.keys(props.selector).length === 0 ? "'selector' must have at least one label" : undefined,
      ...labelProblems('selector', props.selector),
      ...own ? [] : [...WORKLOAD_OPTIONS, 'workloadName' as const].filter(k => props[k] !== undefined)
        .map(k => `'${k}' configures the gateway's own workload, but ${other}`),
      props.workload !== undefined && props.egress !== undefined && props.egress !== props.workload.egress
        ? `'egress' is ${props.egress}, but workload '${props.workload.name}' is an ${props.workload.egress ? 'egress' : 'ingress'} gateway` : undefined,
      props.workload !== undefined && props.workload.mesh !== this.mesh ? `workload '${props.workload.name}' belongs to another mesh` : undefined,
    ]);

    this._selector = props.selector && { ...props.selector };
    this.workload = own
      ? new GatewayWorkload(this, 'Workload', {
        ...Object.fromEntries(WORKLOAD_OPTIONS.map(k => [k, props[k]])),
        mesh: this.mesh,
        name: props.workloadName,
        namespace: this.namespace,
        egress: this.egress,
      })
      : props.workload;
    const namespaceObject = gatewayNamespace(this.mesh, this.namespace);
    this.resource = new IstioGateway(this, 'Gateway', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: lazy(() => this.render()),
    });
    if (namespaceObject) {
      this.resource.addDependency(namespaceObject);
    }
    for (const server of props.servers ?? []) {
      this.addServer(server);
    }
    this.node.addValidation({ validate: () => this.validateGateway() });
  }

  /**
   * The labels of the pods the gateway configures (in Gateway API mode, the label Istio gives the
   * pods it deploys for the Gateway: `gateway.networking.k8s.io/gateway-name: <name>`).
   */
  public get selector(): { [key: string]: string } {
    if (this._gatewayApi) {
      return { [GATEWAY_NAME_LABEL]: this.name };
    }
    return this._selector ? { ...this._selector } : { istio: this.workload!.istioLabel };
  }

  /** The servers, in the order added. */
  public get servers(): GatewayServer[] {
    return [...this._servers];
  }

  /** The VirtualServices of the gateway's routes, in the order their hosts were first routed (none in Gateway API mode). */
  public get virtualServices(): ApiObject[] {
    return [...this.groups.values()].flatMap(g => g.virtualService ?? []);
  }

  /**
   * The Gateway API objects of the gateway's routes (`RoutingApi.GATEWAY_API`): HTTPRoutes and
   * TLSRoutes in the order their hosts were first routed, the HTTPS-redirect HTTPRoute, and the
   * ReferenceGrants of routes to other namespaces. Empty with Istio routing.
   */
  public get gatewayApiObjects(): ApiObject[] {
    return [
      ...[...this.groups.values()].flatMap(g => g.gatewayApiObjects),
      ...this._redirectRoute ? [this._redirectRoute] : [],
      ...this._grants?.objects ?? [],
    ];
  }

  /**
   * Adds a server. In Gateway API mode, a server with `httpsRedirect` is answered by the HTTPRoute
   * `<gateway>-https-redirect` (a RequestRedirect to HTTPS, status 301).
   */
  public addServer(server: GatewayServer): GatewayServer {
    this._servers.push(server);
    if (this._gatewayApi && server.httpsRedirect && !this._redirectRoute) {
      this._redirectRoute = new HttpRoute(this, 'HttpsRedirect', {
        metadata: { name: `${this.name}-https-redirect`, namespace: this.namespace },
        spec: lazy(() => renderRedirectRoute(this.listeners().listeners, this)),
      });
      this._redirectRoute.addDependency(this.resource);
    }
    return server;
  }

  /**
   * How a VirtualService in `namespace` names this gateway: its name in the gateway's namespace,
   * else `<namespace>/<name>`.
   */
  public referenceFrom(namespace: string): string {
    return namespace === this.namespace ? this.name : `${this.namespace}/${this.name}`;
  }

  /**
   * Adds an HTTP route for `hosts`, evaluated in the order added among the routes of those hosts.
   *
   * ```ts
   * gateway.addRoute({
   *   hosts: ['*'],
   *   matches: [{ uri: StringMatch.prefix('/api') }],
   *   destinations: [{ host: api, port: 8080 }],
   * });
   * ```
   */
  public addRoute(options: GatewayHttpRouteOptions): Route {
    const { hosts, virtualServiceName, namespace, ...route } = options;
    return this.withGroup({ hosts, virtualServiceName, namespace }, [
      ...route.destinations === undefined && route.redirect === undefined
        ? ["'destinations' is required unless 'redirect' is given: a gateway route has no default destination"] : [],
      ...gatewayDestinationProblems('destinations', route.destinations ?? []),
      ...gatewayDestinationProblems('mirror.destination', route.mirror ? [route.mirror.destination] : []),
    ], group => group.addHttp(route));
  }

  /** Adds a TCP route for `hosts` (served by TCP servers, or TLS servers that terminate TLS). */
  public addTcpRoute(options: GatewayTcpRouteOptions): Route {
    const { hosts, virtualServiceName, namespace, ...route } = options;
    return this.withGroup({ hosts, virtualServiceName, namespace }, gatewayDestinationProblems('destinations', route.destinations),
      group => group.addTcp(route));
  }

  /** Adds a TLS route by SNI for `hosts` (served by PASSTHROUGH servers). */
  public addTlsRoute(options: GatewayTlsRouteOptions): Route {
    const { hosts, virtualServiceName, namespace, ...route } = options;
    return this.withGroup({ hosts, virtualServiceName, namespace }, gatewayDestinationProblems('destinations', route.destinations),
      group => group.addTls(route));
  }

  /**
   * Sends an external service's traffic out through this egress gateway (Istio's egress gateway
   * pattern): a route of the service's own VirtualService sends its host to the gateway's Service,
   * and a route of the gateway sends it on to the external host. HTTP is routed by host, HTTPS
   * and TLS by SNI (a PASSTHROUGH server). A server for the host is added unless one serves it.
   *
   * @returns the gateway's route
   */
  public addEgressRoute(service: ExternalService, options: EgressRouteOptions = {}): Route {
    const workload = this.workload;
    const { plan, problems } = planEgress({
      gateway: this.name,
      egress: this.egress,
      workload: workload && { name: workload.name, ports: workload._resolvedPorts() },
      service: service.name,
      hosts: service.hosts,
      ports: service.serviceEntry.toJson().spec.ports,
      port: options.port,
      gatewayPort: options.gatewayPort,
    });
    throwIfProblems(this, problems);
    const { kind, port, gatewayPort } = plan!;
    const host = service.hosts[0];
    const http = kind === RouteKind.HTTP;
    if (!this._servers.some(s => s.port === gatewayPort && serverRouteKind(shape(s)) === kind
      && s.hosts.some(h => serverHostAdmits(h, this.namespace, this.namespace, host)))) {
      this.addServer(http ? GatewayServer.http({ port: gatewayPort, hosts: [host] })
        : GatewayServer.tls({ port: gatewayPort, hosts: [host], tls: GatewayTls.passthrough() }));
    }
    const toService = [{ host: service, port }];
    const toGateway = [{ host: workload!, port: gatewayPort }];
    const route = http
      ? this.addRoute({ hosts: [host], matches: [{ port: gatewayPort }], destinations: toService })
      : this.addTlsRoute({ hosts: [host], matches: [{ port: gatewayPort, sniHosts: [host] }], destinations: toService });
    if (http) {
      service.addRoute({ matches: [{ port }], destinations: toGateway });
    } else {
      service.addTlsRoute({ matches: [{ port, sniHosts: [host] }], destinations: toGateway });
    }
    return route;
  }

  /** Finds or creates the route group of a host set, runs `add`, and removes a group a failed `add` created. */
  private withGroup(binding: GatewayRouteBinding, problems: string[], add: (group: GatewayRouteGroup) => Route): Route {
    const namespace = binding.namespace ?? this.namespace;
    const hosts = binding.hosts ?? [];
    throwIfProblems(this, [
      dnsLabelProblem('namespace', namespace),
      binding.virtualServiceName !== undefined ? dnsSubdomainProblem('virtualServiceName', binding.virtualServiceName) : undefined,
      ...routeHostsProblems(hosts),
      ...problems,
    ]);
    const key = hostSetKey(namespace, hosts);
    const existing = this.groups.get(key);
    const name = binding.virtualServiceName ?? existing?.name ?? derivedVirtualServiceName(this.name, hosts);
    const clash = [...this.groups.values()].find(g => g !== existing && g.name === name && g.namespace === namespace);
    throwIfProblems(this, [
      existing && existing.name !== name
        ? `hosts ${listOf(hosts)} already have the VirtualService '${existing.name}': routes of one set of hosts share one VirtualService` : undefined,
      clash ? `VirtualService '${name}' already routes other hosts (${listOf(clash.routeHosts)}): give these hosts another 'virtualServiceName'` : undefined,
    ]);
    const group = existing ?? new GatewayRouteGroup(this, namespace === this.namespace ? `Routes-${name}` : `Routes-${name}.${namespace}`, {
      name,
      namespace,
      hosts,
      gatewayRef: this.referenceFrom(namespace),
      problems: g => routeServingProblems(g, this.servedBy(), this.name, this.namespace),
      gatewayApi: this._gatewayApi
        ? { parents: (g, kind) => parentRefsFor(this.listeners().listeners, kind, g.routeHosts, g.namespace, this) }
        : undefined,
    });
    try {
      const route = add(group);
      if (!existing) {
        this.groups.set(key, group);
        const namespaceObject = gatewayNamespace(this.mesh, namespace);
        if (namespaceObject) {
          group.virtualService?.addDependency(namespaceObject);
        }
      }
      if (this._gatewayApi) {
        this.gatewayApiBookkeeping(group, namespace);
      }
      return route;
    } catch (e) {
      if (!existing) {
        this.node.tryRemoveChild(group.node.id);
      }
      const where = `[${this.node.path}] ${this._gatewayApi ? 'routes' : 'VirtualService'} '${name}': `;
      throw new Error((e as Error).message.split('\n').map(l => where + l).join('\n'));
    }
  }

  /** Gateway API mode: the group's route objects depend on their namespace and the Gateway; grants for routes to other namespaces. */
  private gatewayApiBookkeeping(group: GatewayRouteGroup, namespace: string): void {
    const namespaceObject = gatewayNamespace(this.mesh, namespace);
    for (const o of group.gatewayApiObjects) {
      o.addDependency(this.resource);
      if (namespaceObject) {
        o.addDependency(namespaceObject);
      }
    }
    const refs = [
      ...group.table.httpEntries.flatMap(r => crossNamespaceRefs('HTTPRoute', namespace, httpDestinations(r.options))),
      ...group.table.tlsEntries.flatMap(r => crossNamespaceRefs('TLSRoute', namespace, r.options.destinations)),
    ];
    for (const ref of refs) {
      this._grants!.ensure(ref.toNamespace, this.mesh.namespaces.includes(ref.toNamespace) ? this.mesh._namespaceObject(ref.toNamespace) : undefined);
    }
  }

  /** The Gateway API listeners of the servers. */
  private listeners(): { listeners: PlannedListener[]; problems: string[] } {
    const names = serverPortNames(this._servers.map(shape));
    return planListeners(this._servers.map((s, i) => ({
      ...shape(s), portName: names[i], tlsOptions: s.tlsSettings?._options(),
    })));
  }

  private render(): GatewaySpec {
    const names = serverPortNames(this._servers.map(shape));
    return { selector: this.selector, servers: this._servers.map((s, i) => s._toIstio(names[i])) };
  }

  /** The servers with their port names. */
  private servedBy(): NamedServer[] {
    const shapes = this._servers.map(shape);
    const names = serverPortNames(shapes);
    return shapes.map((s, i) => ({ ...s, portName: names[i] }));
  }

  private validateGateway(): string[] {
    const shapes = this._servers.map(shape);
    const names = serverPortNames(shapes);
    const problems = [
      ...this._servers.length === 0 ? [`gateway '${this.name}' has no server: give 'servers' or call addServer()`] : [],
      ...serverConflicts(shapes, names),
    ];
    const workload = this.workload;
    if (workload) {
      problems.push(...workloadPortProblems(shapes, names, workload.name, workload._resolvedPorts()));
    }
    if (this._gatewayApi) {
      problems.push(...this.listeners().problems);
    }
    return problems;
  }
}

function shape(s: GatewayServer): ServerShape {
  return { port: s.port, protocol: s.protocol, hosts: s.hosts, name: s.name, tlsMode: s.tlsSettings?.mode, httpsRedirect: s.httpsRedirect };
}
