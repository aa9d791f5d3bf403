import { IConstruct } from 'constructs';
import { RouteDestination } from '../route-destination';

/**
 * A canary release of a service, as the service sees it. Implemented by `Canary`.
 */
export interface ICanary extends IConstruct {
  /** The stable version. */
  readonly stableVersion: string;
  /** The canary version. */
  readonly canaryVersion: string;
  /** The active canary weight (0–100). */
  readonly weight: number;

  /**
   * The canary's weighted split as route destinations, for routes that do not pass through the
   * service's own routing.
   *
   * @param port the service port to send to (required when the service has several ports)
   */
  destinations(port?: number): RouteDestination[];
}
