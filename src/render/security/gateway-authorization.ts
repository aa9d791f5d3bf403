/**
 * A gateway's own AuthorizationPolicy: where its pods' namespace denies by default, the gateway
 * still accepts every request (it is the way in, or out, of the mesh); the services behind it
 * admit it by its identity.
 */
import { ApiObject } from 'cdk8s';
import { AuthorizationMode } from '../../authorization-mode';
import { AuthorizationPolicy, AuthorizationPolicySpecAction } from '../../imports/security.istio.io';
import { GatewayModel } from '../../model/gateway';
import { MeshModel } from '../../model/mesh';
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
      rules: [{}],
    },
  });
}
