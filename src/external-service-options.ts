import { ClientTls } from './client-tls';
import { Protocol } from './protocol';
import { TrafficPolicy } from './traffic-policy';

/**
 * How the proxy resolves the addresses of an external service.
 */
export enum ServiceEntryResolution {
  /** Connect to the address the caller asked for. */
  NONE = 'NONE',
  /** Use the static `endpoints` addresses. */
  STATIC = 'STATIC',
  /** Resolve the hosts (or endpoint names) by DNS, connecting to every address returned. */
  DNS = 'DNS',
  /** Resolve by DNS, using the first address returned. */
  DNS_ROUND_ROBIN = 'DNS_ROUND_ROBIN',
}

/**
 * Whether an external service is part of the mesh.
 */
export enum ServiceEntryLocation {
  /** Outside the mesh: no mTLS, no mesh telemetry on the server side. */
  MESH_EXTERNAL = 'MESH_EXTERNAL',
  /** Inside the mesh (e.g. VMs running sidecars). */
  MESH_INTERNAL = 'MESH_INTERNAL',
}

/**
 * A port of an external service.
 */
export interface ExternalServicePort {
  /** The port number (1–65535). */
  readonly number: number;
  /** The protocol. */
  readonly protocol: Protocol;
  /**
   * The port name.
   *
   * @default - the protocol's prefix (`http`, `https` …), with `-<number>` when a protocol repeats
   */
  readonly name?: string;
  /**
   * The port on the endpoints.
   *
   * @default - the same as `number`
   */
  readonly targetPort?: number;
}

/**
 * A static endpoint of an external service.
 */
export interface ExternalServiceEndpoint {
  /** IP address, DNS name or `unix://` socket path. */
  readonly address: string;
  /** Port overrides by port name. @default - the service ports */
  readonly ports?: { [portName: string]: number };
  /** Labels of the endpoint. @default - none */
  readonly labels?: { [key: string]: string };
  /** Locality (`region/zone/subzone`). @default - none */
  readonly locality?: string;
  /** Load-balancing weight (1–4294967295). @default - equal */
  readonly weight?: number;
}

/**
 * Options of an `ExternalService`.
 */
export interface ExternalServiceOptions {
  /** Namespace of the ServiceEntry and its routing objects. @default - the mesh's default namespace */
  readonly namespace?: string;
  /** Host names (DNS names, a leading `*.` wildcard allowed; not `*` alone). At least one. */
  readonly hosts: string[];
  /** Ports. At least one. */
  readonly ports: ExternalServicePort[];
  /** Address resolution. @default ServiceEntryResolution.NONE (Istio's default) */
  readonly resolution?: ServiceEntryResolution;
  /** Location. @default ServiceEntryLocation.MESH_EXTERNAL */
  readonly location?: ServiceEntryLocation;
  /** Virtual IPs or CIDR blocks of the service (CIDRs only with NONE or STATIC resolution). @default - none */
  readonly addresses?: string[];
  /** Static endpoints (required for STATIC resolution; at most one for DNS_ROUND_ROBIN; none for NONE). @default - none */
  readonly endpoints?: ExternalServiceEndpoint[];
  /** Namespaces the objects are visible to. @default - all */
  readonly exportTo?: string[];
  /** Traffic policy of the external host (e.g. TLS origination, connection limits). @default - none */
  readonly trafficPolicy?: TrafficPolicy;
  /** Name of the VirtualService (emitted when routes exist). @default - the service name */
  readonly virtualServiceName?: string;
  /** Name of the DestinationRule (emitted when traffic policies exist). @default - the service name */
  readonly destinationRuleName?: string;
}

/**
 * Options of TLS origination: callers speak plain HTTP, the sidecar upgrades to TLS.
 */
export interface TlsOriginationOptions {
  /** The plain-text port callers use (an HTTP port of the service). */
  readonly fromPort: number;
  /** The TLS port the sidecar connects to (an HTTPS or TLS port of the service). */
  readonly toPort: number;
  /** TLS settings for the connection. @default ClientTls.simple() */
  readonly tls?: ClientTls;
}
