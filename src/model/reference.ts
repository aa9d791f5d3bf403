/**
 * A service another app declares (`ServiceReference`), as the routing backends read it: its name,
 * namespace, ports and versions. It emits nothing; what the cluster holds for it is expected there.
 */
import { IMeshHost } from '../interfaces/mesh-host';

/** A referenced service. */
export interface ReferenceModel {
  /** The reference construct: the host routes name. */
  readonly host: IMeshHost;
  readonly name: string;
  readonly namespace: string;
  /** The Service's ports as its manifest has them: name, port, `protocol: UDP`, and `appProtocol` when the name does not tell it. */
  readonly ports: ReadonlyArray<{ readonly name: string; readonly port: number; readonly protocol?: string; readonly appProtocol?: string }>;
  /** The versions routes may name. */
  readonly versions: readonly string[];
  /** The ServiceAccount its pods run as, if given: its identity as a caller. */
  readonly serviceAccountName?: string;
}

const REFERENCES = new WeakMap<object, ReferenceModel>();

/** Records the model of a reference construct (done once, by `ServiceReference`). */
export function registerReferenceModel(reference: ReferenceModel): void {
  REFERENCES.set(reference.host, reference);
}

/** The model of a host, when the host is a reference to a service declared elsewhere. */
export function referenceModelOf(host: object): ReferenceModel | undefined {
  return REFERENCES.get(host);
}
