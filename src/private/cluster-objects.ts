/**
 * Objects the app's manifests refer to that the cluster holds instead of the app: the TLS
 * Secrets of gateway servers, which are created by hand, by cert-manager or by a secrets
 * operator, and rarely belong in manifests. Constructs declare them here; the synth-time
 * analysis takes them as existing (and never reports on them), so a reference to them is not an
 * error, while a reference the app neither declares nor expects still is.
 */
import { IConstruct } from 'constructs';

/** What the constructs of each construct tree (by its root) declared, in declaration order. */
const DECLARED = new WeakMap<IConstruct, Map<IConstruct, () => any[]>>();

/** Declares, for `scope`, the manifests of objects its output expects the cluster to hold (produced at analysis time). */
export function expectInCluster(scope: IConstruct, objects: () => any[]): void {
  const root = scope.node.root;
  const declared = DECLARED.get(root) ?? new Map<IConstruct, () => any[]>();
  DECLARED.set(root, declared.set(scope, objects));
}

/**
 * Every object the constructs under `root` expect the cluster to hold, in declaration order. Only
 * the constructs of the tree that declared something are looked at, not the whole tree.
 */
export function clusterObjects(root: IConstruct): any[] {
  const out: any[] = [];
  for (const [scope, objects] of DECLARED.get(root.node.root) ?? []) {
    if (scope === root || scope.node.scopes.includes(root)) out.push(...objects());
  }
  return out;
}

/** The manifest of a Secret, as far as references to it go. */
export function secretManifest(namespace: string, name: string): any {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace } };
}
