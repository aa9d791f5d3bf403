import * as kplus from 'cdk8s-plus-27';
import { DataPlane, ProxyOptions } from '../data-plane';
import { MeshServicePort } from '../service-port';
import { IMesh } from './mesh';
import { IMeshHost } from './mesh-host';

/**
 * A service of the mesh as its versions and canaries see it: its identity, ports, data plane and
 * pod labels. Implemented by `MeshService`.
 */
export interface IMeshService extends IMeshHost {
  /** The mesh the service belongs to. */
  readonly mesh: IMesh;
  /** The service's ServiceAccount. */
  readonly serviceAccount: kplus.ServiceAccount;
  /** The data plane of the service's pods. */
  readonly dataPlane: DataPlane;
  /** Proxy settings of the service's pods, if any. */
  readonly proxy?: ProxyOptions;
  /** The service's ports, with their names resolved. */
  readonly ports: MeshServicePort[];
  /** The fully qualified host name: `<name>.<namespace>.svc.<clusterDomain>`. */
  readonly fqdn: string;

  /** The labels the Service selects its pods by. */
  selectorLabels(): { [key: string]: string };
}
