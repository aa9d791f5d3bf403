import { IConstruct } from 'constructs';

/**
 * A gateway of the mesh, as callers and policies refer to it. Implemented by `Gateway`.
 */
export interface IMeshGateway extends IConstruct {
  /** The gateway's name. */
  readonly name: string;
  /** The gateway's namespace. */
  readonly namespace: string;
  /** Whether the gateway is an egress gateway. */
  readonly egress: boolean;
}
