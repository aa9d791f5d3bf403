/**
 * Every check, in the order they run. To add one, write it in checks/ and list it here.
 */
import { Check } from './check';
import { applicationUidCheck } from './checks/application-uid';
import { authorizationPoliciesCheck } from './checks/authorization-policies';
import { authzPrincipalsCheck } from './checks/authz-principals';
import { deploymentServicesCheck } from './checks/deployment-services';
import { deprecationCheck } from './checks/deprecation';
import { drCaCertificatesCheck } from './checks/dr-ca-certificates';
import { drSubsetsCheck } from './checks/dr-subsets';
import { duplicatesCheck } from './checks/duplicates';
import { forbiddenRoutesCheck } from './checks/forbidden-routes';
import { gatewayCertificatesCheck } from './checks/gateway-certificates';
import { gatewayConflictsCheck } from './checks/gateway-conflicts';
import { gatewaySecretsCheck } from './checks/gateway-secrets';
import { gatewaysCheck } from './checks/gateways';
import { imageAutoCheck } from './checks/image-auto';
import { injectionCheck } from './checks/injection';
import { jwksFetchCheck } from './checks/jwks-fetch';
import { k8sGatewaySelectorsCheck } from './checks/k8s-gateway-selectors';
import { multipleDestinationRulesCheck } from './checks/multiple-destination-rules';
import { peerAuthenticationCheck } from './checks/peer-authentication';
import { peerAuthenticationPortsCheck } from './checks/peer-authentication-ports';
import { podSecurityCheck } from './checks/pod-security';
import { routeWeightsCheck } from './checks/route-weights';
import { securitySelectorsCheck } from './checks/security-selectors';
import { serviceEntriesCheck } from './checks/service-entries';
import { servicePortsCheck } from './checks/service-ports';
import { shortHostsCheck } from './checks/short-hosts';
import { sidecarEgressCheck } from './checks/sidecar-egress';
import { sidecarsCheck } from './checks/sidecars';
import { unusedSubsetPoliciesCheck } from './checks/unused-subset-policies';
import { versionsWithoutRoutingCheck } from './checks/versions-without-routing';
import { vsConflictsCheck } from './checks/vs-conflicts';
import { vsDestinationsCheck } from './checks/vs-destinations';
import { vsGatewaysCheck } from './checks/vs-gateways';
import { vsRulesCheck } from './checks/vs-rules';
import { vsSubsetsCheck } from './checks/vs-subsets';

export const CHECKS: readonly Check[] = [
  // what istioctl analyze finds
  vsDestinationsCheck,
  vsSubsetsCheck,
  vsGatewaysCheck,
  vsConflictsCheck,
  vsRulesCheck,
  drSubsetsCheck,
  drCaCertificatesCheck,
  gatewaysCheck,
  gatewaySecretsCheck,
  gatewayConflictsCheck,
  gatewayCertificatesCheck,
  servicePortsCheck,
  serviceEntriesCheck,
  deploymentServicesCheck,
  applicationUidCheck,
  sidecarsCheck,
  authorizationPoliciesCheck,
  injectionCheck,
  imageAutoCheck,
  k8sGatewaySelectorsCheck,
  jwksFetchCheck,
  deprecationCheck,
  // what it does not
  routeWeightsCheck,
  unusedSubsetPoliciesCheck,
  peerAuthenticationCheck,
  shortHostsCheck,
  multipleDestinationRulesCheck,
  versionsWithoutRoutingCheck,
  duplicatesCheck,
  forbiddenRoutesCheck,
  securitySelectorsCheck,
  peerAuthenticationPortsCheck,
  authzPrincipalsCheck,
  sidecarEgressCheck,
  podSecurityCheck,
];
