/**
 * The evaluator over the pods of the analysis model, remembered: the policies in force on each pod
 * (looked up among those of the root namespace and the pod's own), and verdicts by the set of
 * policies in force and the request (pods under the same policies get the same verdicts).
 */
import { evaluateAuthorization, policiesInForce } from './evaluate';
import { AuthzRequest, AuthzVerdict } from './types';
import { push } from '../hosts';
import { Model } from '../model';
import { Obj } from '../objects';
import { Pod } from '../pods';

export class WorkloadVerdicts {
  private readonly byNamespace = new Map<string, Obj[]>();
  private readonly inForceByPod = new Map<Pod, { policies: Obj[]; key: string }>();
  private readonly verdicts = new Map<string, AuthzVerdict>();
  private readonly ids = new Map<Obj, number>();
  private readonly root: string;

  public constructor(model: Model) {
    this.root = model.meshConfig.rootNamespace;
    model.of('AuthorizationPolicy').forEach((p, i) => {
      push(this.byNamespace, p.namespace, p);
      this.ids.set(p, i);
    });
  }

  /** Whether any AuthorizationPolicy exists. */
  public get any(): boolean {
    return this.ids.size > 0;
  }

  /** The AuthorizationPolicies in force on a pod (root namespace first), with a key naming that set. */
  public inForce(pod: Pod): { readonly policies: readonly Obj[]; readonly key: string } {
    let found = this.inForceByPod.get(pod);
    if (!found) {
      const candidates = [...this.byNamespace.get(this.root) ?? [], ...pod.namespace === this.root ? [] : this.byNamespace.get(pod.namespace) ?? []];
      const policies = policiesInForce(candidates, pod, this.root);
      found = { policies, key: policies.map(p => this.ids.get(p)).join(',') };
      this.inForceByPod.set(pod, found);
    }
    return found;
  }

  /** Istio's verdict on a request reaching a pod. */
  public verdict(pod: Pod, request: AuthzRequest): AuthzVerdict {
    const { policies, key } = this.inForce(pod);
    if (policies.length === 0) return { verdict: 'allowed' };
    const memo = `${key}|${JSON.stringify(request)}`;
    let v = this.verdicts.get(memo);
    if (!v) {
      v = evaluateAuthorization(policies, pod, request, this.root);
      this.verdicts.set(memo, v);
    }
    return v;
  }
}
