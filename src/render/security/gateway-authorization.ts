/**
 * A gateway's own AuthorizationPolicy, where its pods' namespace denies by default: an ingress
 * gateway accepts every request (it is the way into the mesh; the services behind it admit it by
 * its identity), an egress gateway only the services that declare calls to the hosts it routes.
 */
import { ApiObject } from 'cdk8s';
import { AuthorizationMode } from '../../authorization-mode';
import { AuthorizationPolicy, AuthorizationPolicySpecAction } from '../../imports/security.istio.io';
import { GatewayModel } from '../../model/gateway';
import { principalOf } from '../../model/caller-source';
import { MeshModel } from '../../model/mesh';
import { routeTargets } from '../../model/route-targets';
import { lazy } from '../../private/lazy';
import { GATEWAY_API_GROUP } from '../../private/istio-names';

/** The gateway's ALLOW policy (named as the gateway, selecting its pods), when its pods' namespace denies by default and the app owns it. */
export function gatewayAuthorizationPolicy(gateway: GatewayModel, meshModel: MeshModel): ApiObject | undefined {
  const namespace = gateway.podNamespace();
  if (namespace === undefined || meshModel.security.namespaceAuthorization(namespace) !== AuthorizationMode.DENY_BY_DEFAULT) {
    return undefined;
  }
  return new AuthorizationPolicy(gateway.scope, 'AuthorizationPolicy', {
    metadata: { name: gateway.name, namespace },
    spec: {
      // Istio ignores a selector on the pods of a Gateway API Gateway: such policies name the Gateway
      ...gateway.policyByTargetRef
        ? { targetRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: gateway.name }] }
        : { selector: { matchLabels: gateway.podSelector() } },
      action: AuthorizationPolicySpecAction.ALLOW,
      rules: gateway.egress ? lazy(() => egressRules(gateway, meshModel)) : [{}],
    },
  });
}

/**
 * Who may send through an egress gateway: the services that declare a call to a host the
 * gateway's routes send to (none: nothing may).
 */
function egressRules(gateway: GatewayModel, meshModel: MeshModel): Array<{ from: Array<{ source: { principals: string[] } }> }> | undefined {
  const routed = new Set(gateway.groups.flatMap(g => routeTargets(g.table)).map(t => t.host));
  const principals = new Set<string>();
  for (const service of meshModel.services) {
    if (meshModel.callGraph.callsFrom(service.host).some(c => routed.has(c.callee))) {
      principals.add(principalOf(service.mesh, { namespace: service.namespace, serviceAccount: service.serviceAccountName }));
    }
  }
  return principals.size > 0 ? [{ from: [{ source: { principals: [...principals].sort() } }] }] : undefined;
}
