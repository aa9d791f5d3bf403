/**
 * ReferenceGrants: a Gateway API route may send to a Service of another namespace only when a
 * ReferenceGrant in that namespace allows it (Istio's VirtualServices need no such permission).
 * A route owner (a MeshService or a Gateway) keeps one grant per namespace it sends to, listing
 * exactly the Services its routes name.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ReferenceGrant, ReferenceGrantSpec } from '../../imports/gateway.networking.k8s.io';
import { expectInCluster } from '../../private/cluster-objects';
import { GATEWAY_API_GROUP } from '../../private/istio-names';
import { lazy } from '../../private/lazy';

/** The most entries of a ReferenceGrant's `from` and `to`. */
const MAX_ENTRIES = 16;

/** One cross-namespace reference of a route. */
export interface CrossNamespaceRef {
  readonly fromKind: 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute';
  readonly fromNamespace: string;
  readonly toNamespace: string;
  readonly toName: string;
  /**
   * The Service belongs to another app (a ServiceReference): its owner grants the reference, in a
   * namespace this app writes no grant to (the grant is expected in the cluster).
   */
  readonly ownerGrants?: boolean;
}

/** The grants of one route owner. */
export class GrantSet {
  private readonly grants = new Map<string, ApiObject>();

  /**
   * @param scope the owner
   * @param name the name of its grants (unique among the grants of a namespace)
   * @param collect every cross-namespace reference of the owner's routes, at synthesis
   */
  public constructor(private readonly scope: Construct, private readonly name: string, private readonly collect: () => CrossNamespaceRef[]) {
    scope.node.addValidation({ validate: () => this.problems() });
    expectInCluster(scope, () => this.ownerGrants());
  }

  /** The grants, in the order their namespaces were first referenced. */
  public get objects(): ApiObject[] {
    return [...this.grants.values()];
  }

  /**
   * Makes sure a grant exists in `namespace` (whose Namespace object it then depends on) for
   * `ref`; none for a reference its owner grants.
   */
  public ensure(ref: CrossNamespaceRef, namespaceObject: ApiObject | undefined): void {
    const namespace = ref.toNamespace;
    if (ref.ownerGrants || this.grants.has(namespace)) {
      return;
    }
    const grant = new ReferenceGrant(this.scope, `ReferenceGrant-${namespace}`, {
      metadata: { name: this.name, namespace },
      spec: lazy(() => this.render(namespace)),
    });
    if (namespaceObject) {
      grant.addDependency(namespaceObject);
    }
    this.grants.set(namespace, grant);
  }

  /** A ReferenceGrant lists at most 16 kinds of referrers and 16 Services. */
  private problems(): string[] {
    return [...this.grants.keys()].flatMap(namespace => {
      const { from, to } = this.render(namespace);
      return [
        ...to.length > MAX_ENTRIES ? [`the routes send to ${to.length} Services of namespace '${namespace}' (${to.map(t => t.name).join(', ')}), `
          + `which the ReferenceGrant '${this.name}' there would have to list: the Gateway API allows at most ${MAX_ENTRIES}; send to fewer Services of that namespace`] : [],
        ...from.length > MAX_ENTRIES ? [`routes of ${from.length} kinds and namespaces (${from.map(f => `${f.kind} ${f.namespace}`).join(', ')}) send to namespace '${namespace}', `
          + `which the ReferenceGrant '${this.name}' there would have to list: the Gateway API allows at most ${MAX_ENTRIES}`] : [],
      ];
    });
  }

  /**
   * The grants owners of referenced services must hold, in the namespaces this app writes no
   * grant to (a grant the app writes lists the referenced Services of its namespace too).
   */
  private ownerGrants(): any[] {
    const namespaces = new Set(this.collect().filter(r => r.ownerGrants && !this.grants.has(r.toNamespace)).map(r => r.toNamespace));
    return [...namespaces].map(namespace => ({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: this.name, namespace },
      spec: this.render(namespace),
    }));
  }

  private render(namespace: string): ReferenceGrantSpec {
    const refs = this.collect().filter(r => r.toNamespace === namespace);
    const from = [...new Set(refs.map(r => `${r.fromKind}|${r.fromNamespace}`))].sort().map(key => {
      const [kind, ns] = key.split('|');
      return { group: GATEWAY_API_GROUP, kind, namespace: ns };
    });
    const to = [...new Set(refs.map(r => r.toName))].sort().map(name => ({ group: '', kind: 'Service', name }));
    return { from, to };
  }
}
