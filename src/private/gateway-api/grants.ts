/**
 * ReferenceGrants: a Gateway API route may send to a Service of another namespace only when a
 * ReferenceGrant in that namespace allows it (Istio's VirtualServices need no such permission).
 * A route owner (a MeshService or a Gateway) keeps one grant per namespace it sends to, listing
 * exactly the Services its routes name.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { lazy } from '../lazy';
import { GATEWAY_API_GROUP, ReferenceGrant, ReferenceGrantSpec } from './types';

/** One cross-namespace reference of a route. */
export interface CrossNamespaceRef {
  readonly fromKind: 'HTTPRoute' | 'TLSRoute';
  readonly fromNamespace: string;
  readonly toNamespace: string;
  readonly toName: string;
}

/** The grants of one route owner. */
export class GrantSet {
  private readonly grants = new Map<string, ApiObject>();

  /**
   * @param scope the owner
   * @param name the name of its grants (unique among the grants of a namespace)
   * @param collect every cross-namespace reference of the owner's routes, at synthesis
   */
  public constructor(private readonly scope: Construct, private readonly name: string, private readonly collect: () => CrossNamespaceRef[]) {}

  /** The grants, in the order their namespaces were first referenced. */
  public get objects(): ApiObject[] {
    return [...this.grants.values()];
  }

  /** Makes sure a grant exists in `namespace` (whose Namespace object it then depends on). */
  public ensure(namespace: string, namespaceObject: ApiObject | undefined): void {
    if (this.grants.has(namespace)) {
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

  private render(namespace: string): ReferenceGrantSpec {
    const refs = this.collect().filter(r => r.toNamespace === namespace);
    const from = [...new Set(refs.map(r => `${r.fromKind}|${r.fromNamespace}`))].sort().map(key => {
      const [kind, ns] = key.split('|');
      return { group: GATEWAY_API_GROUP, kind: kind as CrossNamespaceRef['fromKind'], namespace: ns };
    });
    const to = [...new Set(refs.map(r => r.toName))].sort().map(name => ({ group: '' as const, kind: 'Service' as const, name }));
    return { from, to };
  }
}
