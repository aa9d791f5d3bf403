/**
 * A service's ServiceAccount: services of a namespace may share one (one identity for several
 * Services), and the first of them emits it.
 */
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { MeshModel } from '../model/mesh';

/** The ServiceAccount `name` in `namespace`, and whether this service emits it (else another service of the mesh does). */
export function serviceAccountFor(scope: Construct, meshModel: MeshModel, namespace: string, name: string, service: string):
{ account: kplus.ServiceAccount; emitted: boolean } {
  const shared = meshModel.serviceAccount(namespace, name);
  if (shared) {
    return { account: shared, emitted: false };
  }
  const account = new kplus.ServiceAccount(scope, 'ServiceAccount', { metadata: { name, namespace, labels: { account: service } } });
  meshModel.registerServiceAccount(namespace, account);
  return { account, emitted: true };
}
