/**
 * Objects the app's manifests refer to that the cluster holds instead of the app: the TLS
 * Secrets of gateway servers, which are created by hand, by cert-manager or by a secrets
 * operator, and rarely belong in manifests. Constructs declare them here; the synth-time
 * analysis takes them as existing (and never reports on them), so a reference to them is not an
 * error, while a reference the app neither declares nor expects still is.
 */
import { IConstruct } from 'constructs';

const DECLARED = new WeakMap<IConstruct, () => any[]>();

/** Declares, for `scope`, the manifests of objects its output expects the cluster to hold (produced at analysis time). */
export function expectInCluster(scope: IConstruct, objects: () => any[]): void {
  DECLARED.set(scope, objects);
}

/** Every object the constructs under `root` expect the cluster to hold, in construct order. */
export function clusterObjects(root: IConstruct): any[] {
  return root.node.findAll().flatMap(c => DECLARED.get(c)?.() ?? []);
}

/** The manifest of a Secret, as far as references to it go. */
export function secretManifest(namespace: string, name: string): any {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace } };
}
