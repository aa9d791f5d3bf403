import { MtlsMode } from './mtls';
import { Protocol } from './protocol';
import { TrafficPolicy } from './traffic-policy';

/**
 * A port of a `MeshService`.
 */
export interface MeshServicePort {
  /** The port the Service listens on (1–65535). */
  readonly port: number;

  /**
   * The protocol, which Istio reads from the port name's prefix.
   *
   * @default Protocol.HTTP
   */
  readonly protocol?: Protocol;

  /**
   * The port name. When it does not start with the protocol's prefix (`http`, `http-…`), the
   * Service port also gets `appProtocol`, so Istio still knows the protocol.
   *
   * @default - the protocol's prefix (`http`, `grpc`, `tcp` …), suffixed with `-<port>` when
   * several ports share a protocol
   */
  readonly name?: string;

  /**
   * The container port traffic is sent to (1–65535).
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;

  /**
   * Traffic policy for this port (DestinationRule `portLevelSettings`).
   *
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;

  /**
   * Mutual TLS mode of this port on the service's pods (a port-level setting of the service's
   * workload PeerAuthentication, keyed by the container port: `targetPort`, else `port`). Two
   * ports on one container port must give the same mode.
   *
   * @default - the service's mode
   */
  readonly mtls?: MtlsMode;
}
