/**
 * Who a gateway's pods are and where they run: what authorization policies name when they let
 * the gateway in (as a caller) or let traffic into the gateway.
 */
import { ApiObject } from 'cdk8s';
import { InstalledGatewayHost } from './installed';
import { IMesh } from '../../interfaces/mesh';
import { WorkloadIdentity } from '../../model/gateway';

/** What a gateway knows about its pods. */
export interface GatewayPodsInput {
  readonly mesh: IMesh;
  readonly name: string;
  readonly namespace: string;
  /** Whether the library's (Istio-routing) gateway deploys its pods; false: istiod deploys them for a Gateway API Gateway. */
  readonly deploysPods: boolean;
  /** The gateway's own workload. */
  readonly workload?: { readonly namespace: string; readonly serviceAccount: ApiObject };
  /** The installed gateway it configures. */
  readonly installed?: InstalledGatewayHost;
}

/** The gateway's pods: their identity and namespace, when known. */
export interface GatewayPods {
  readonly identity?: WorkloadIdentity;
  /** The namespace of the pods, when the app owns it. */
  readonly ownedNamespace?: string;
}

export function gatewayPods(input: GatewayPodsInput): GatewayPods {
  const identity = podIdentity(input);
  const owned = identity !== undefined && input.mesh.ownership.ownsNamespace(identity.namespace) ? identity.namespace : undefined;
  return { identity, ownedNamespace: owned };
}

function podIdentity(input: GatewayPodsInput): WorkloadIdentity | undefined {
  if (!input.deploysPods) {
    // istiod deploys a Gateway API Gateway's pods as `<gateway>-istio`, with a ServiceAccount of that name
    return { namespace: input.namespace, serviceAccount: `${input.name}-istio` };
  }
  if (input.workload) {
    return { namespace: input.workload.namespace, serviceAccount: input.workload.serviceAccount.metadata.name! };
  }
  if (input.installed) {
    return { namespace: input.installed.namespace, serviceAccount: input.installed.serviceAccountName };
  }
  // pods selected by labels only: who they run as is not known
  return undefined;
}
