import { versionServiceName } from './backends';
import { gatewayApiGatewayRouting } from './gateway-routing';
import { gatewayApiServiceRouting } from './mesh-objects';
import { GatewayApiChannel } from '../../gateway-api-channel';
import { ReferenceModel } from '../../model/reference';
import { RoutingBackend } from '../../model/routing-backend';
import { RoutingApi } from '../../routing-api';

/**
 * The Kubernetes Gateway API for the CRDs of one channel: HTTPRoutes (and, in the experimental
 * channel, TCPRoutes) attached to Services (GAMMA), one Service per version for weighted routing,
 * ReferenceGrants for routes to other namespaces.
 */
export function gatewayApiBackend(channel: GatewayApiChannel): RoutingBackend {
  return {
    api: RoutingApi.GATEWAY_API,
    precedenceOrdered: true,
    deploysGatewayPods: false,
    serviceRouting: service => gatewayApiServiceRouting(service, channel),
    gatewayRouting: (gateway, namespaceObject) => gatewayApiGatewayRouting(gateway, namespaceObject, channel),
    referencedObjects: versionServices,
  };
}

/**
 * The Services `<name>-<version>` of a referenced service's versions, which routes to a version
 * send to: its owner's mesh emits them when it too has Gateway API routing. Their selectors are
 * the owner's business (the analysis only needs the Services to exist).
 */
function versionServices(reference: ReferenceModel): any[] {
  return reference.versions.map(version => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: versionServiceName(reference.name, version), namespace: reference.namespace },
    spec: { ports: reference.ports.map(p => ({ ...p })) },
  }));
}
