/**
 * The mesh's call graph, as declared: who may call each service (`MeshService.allowCallsFrom`,
 * and the callers `MeshService.calls` implies) and what each service calls. Policies and Sidecars
 * are derived from it at synthesis (src/render/security/).
 */
import { CallOptions, Caller } from '../caller';
import { IMeshHost } from '../interfaces/mesh-host';
import { push } from '../private/multimap';

/** A caller allowed to call a host, narrowed by the call options. */
export interface CallGrant {
  readonly caller: Caller;
  readonly options: CallOptions;
}

/** A host a service calls. */
export interface CallModel {
  readonly callee: IMeshHost;
  readonly options: CallOptions;
}

export class CallGraph {
  private readonly grants = new Map<IMeshHost, CallGrant[]>();
  private readonly calls = new Map<IMeshHost, CallModel[]>();

  /** Allows a caller to call `callee`. */
  public allow(callee: IMeshHost, grant: CallGrant): void {
    push(this.grants, callee, grant);
  }

  /** Records that `caller` calls `callee`. */
  public call(caller: IMeshHost, call: CallModel): void {
    push(this.calls, caller, call);
  }

  /** The declared callers of a host, in declaration order. */
  public grantsTo(callee: IMeshHost): readonly CallGrant[] {
    return this.grants.get(callee) ?? [];
  }

  /** The declared callees of a host, in declaration order. */
  public callsFrom(caller: IMeshHost): readonly CallModel[] {
    return this.calls.get(caller) ?? [];
  }
}

