/**
 * Objects the app's manifests refer to that the cluster holds instead of the app: the TLS
 * Secrets of gateway servers, which are created by hand, by cert-manager or by a secrets
 * operator, and rarely belong in manifests; the mesh-wide objects and other teams' namespaces
 * an app-team mesh joins; the Services (and DestinationRules) of hosts other teams own. Constructs declare them here; the synth-time
 * analysis takes them as existing (and never reports on them), so a reference to them is not an
 * error, while a reference the app neither declares nor expects still is.
 */
import { IConstruct } from 'constructs';

/** What the constructs of each construct tree (by its root) declared, in declaration order. */
const DECLARED = new WeakMap<IConstruct, Array<[IConstruct, () => any[]]>>();

/**
 * Declares, for `scope`, the manifests of objects its output expects the cluster to hold (produced
 * at analysis time). A scope may declare several times (a construct, and its routing backend).
 */
export function expectInCluster(scope: IConstruct, objects: () => any[]): void {
  const root = scope.node.root;
  const declared = DECLARED.get(root) ?? [];
  declared.push([scope, objects]);
  DECLARED.set(root, declared);
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

/** The manifest of a Namespace with its labels (the injection labels a platform gave it). */
export function namespaceManifest(name: string, labels: { [key: string]: string } | undefined): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...labels ? { labels } : {} } };
}

/** The manifest of a PeerAuthentication without selector (namespace- or mesh-wide) and its mode. */
export function peerAuthenticationManifest(namespace: string, name: string, mode: string): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec: { mtls: { mode } } };
}
