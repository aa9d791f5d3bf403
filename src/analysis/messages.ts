/**
 * Every message the engine reports. Istio's codes, names and levels are those of istioctl analyze
 * (https://istio.io/latest/docs/reference/config/analysis/); the MESH codes are this library's own
 * (see README.md beside this file).
 */
import { MessageType } from './types';

function type(code: string, name: string, level: MessageType['level']): MessageType {
  return { code, name, level };
}

/** istioctl analyze's messages. */
export const IST = {
  Deprecated: type('IST0002', 'Deprecated', 'Warning'),
  ReferencedResourceNotFound: type('IST0101', 'ReferencedResourceNotFound', 'Error'),
  NamespaceNotInjected: type('IST0102', 'NamespaceNotInjected', 'Info'),
  PodMissingProxy: type('IST0103', 'PodMissingProxy', 'Warning'),
  ConflictingMeshGatewayVirtualServiceHosts: type('IST0109', 'ConflictingMeshGatewayVirtualServiceHosts', 'Error'),
  ConflictingSidecarWorkloadSelectors: type('IST0110', 'ConflictingSidecarWorkloadSelectors', 'Error'),
  MultipleSidecarsWithoutWorkloadSelectors: type('IST0111', 'MultipleSidecarsWithoutWorkloadSelectors', 'Error'),
  VirtualServiceDestinationPortSelectorRequired: type('IST0112', 'VirtualServiceDestinationPortSelectorRequired', 'Error'),
  DeploymentAssociatedToMultipleServices: type('IST0116', 'DeploymentAssociatedToMultipleServices', 'Warning'),
  PortNameIsNotUnderNamingConvention: type('IST0118', 'PortNameIsNotUnderNamingConvention', 'Info'),
  NamespaceMultipleInjectionLabels: type('IST0123', 'NamespaceMultipleInjectionLabels', 'Warning'),
  NoMatchingWorkloadsFound: type('IST0127', 'NoMatchingWorkloadsFound', 'Warning'),
  NoServerCertificateVerificationDestinationLevel: type('IST0128', 'NoServerCertificateVerificationDestinationLevel', 'Warning'),
  NoServerCertificateVerificationPortLevel: type('IST0129', 'NoServerCertificateVerificationPortLevel', 'Warning'),
  VirtualServiceUnreachableRule: type('IST0130', 'VirtualServiceUnreachableRule', 'Warning'),
  VirtualServiceIneffectiveMatch: type('IST0131', 'VirtualServiceIneffectiveMatch', 'Info'),
  VirtualServiceHostNotFoundInGateway: type('IST0132', 'VirtualServiceHostNotFoundInGateway', 'Warning'),
  ServiceEntryAddressesRequired: type('IST0134', 'ServiceEntryAddressesRequired', 'Warning'),
  DeploymentConflictingPorts: type('IST0137', 'DeploymentConflictingPorts', 'Warning'),
  GatewayDuplicateCertificate: type('IST0138', 'GatewayDuplicateCertificate', 'Warning'),
  IngressRouteRulesNotAffected: type('IST0140', 'IngressRouteRulesNotAffected', 'Warning'),
  InvalidApplicationUID: type('IST0144', 'InvalidApplicationUID', 'Warning'),
  ConflictingGateways: type('IST0145', 'ConflictingGateways', 'Error'),
  ImageAutoWithoutInjectionWarning: type('IST0146', 'ImageAutoWithoutInjectionWarning', 'Warning'),
  ImageAutoWithoutInjectionError: type('IST0147', 'ImageAutoWithoutInjectionError', 'Error'),
  NamespaceInjectionEnabledByDefault: type('IST0148', 'NamespaceInjectionEnabledByDefault', 'Info'),
  ExternalNameServiceTypeInvalidPortName: type('IST0150', 'ExternalNameServiceTypeInvalidPortName', 'Warning'),
  InvalidGatewayCredential: type('IST0161', 'InvalidGatewayCredential', 'Error'),
  GatewayPortNotDefinedOnService: type('IST0162', 'GatewayPortNotDefinedOnService', 'Warning'),
  ReferencedInternalGateway: type('IST0165', 'ReferencedInternalGateway', 'Warning'),
  IneffectiveSelector: type('IST0166', 'IneffectiveSelector', 'Warning'),
  IneffectivePolicy: type('IST0167', 'IneffectivePolicy', 'Warning'),
  DestinationRuleSubsetNotSelectPods: type('IST0173', 'DestinationRuleSubsetNotSelectPods', 'Error'),
  UnknownDestinationRuleHost: type('IST0174', 'UnknownDestinationRuleHost', 'Warning'),
  JwksUriFetchUnrestricted: type('IST0175', 'JwksUriFetchUnrestricted', 'Warning'),
} as const;

/** This library's own messages: what istioctl analyze does not find. */
export const MESH = {
  UnreachableRoute: type('MESH001', 'UnreachableRoute', 'Warning'),
  UnusedSubsetTrafficPolicy: type('MESH002', 'UnusedSubsetTrafficPolicy', 'Warning'),
  RouteWeightsNotHundred: type('MESH003', 'RouteWeightsNotHundred', 'Warning'),
  TlsModeConflictsWithPeerAuthentication: type('MESH004', 'TlsModeConflictsWithPeerAuthentication', 'Error'),
  ShortHostInWrongNamespace: type('MESH005', 'ShortHostInWrongNamespace', 'Warning'),
  MultipleDestinationRulesForHost: type('MESH006', 'MultipleDestinationRulesForHost', 'Warning'),
  VersionsWithoutVirtualService: type('MESH007', 'VersionsWithoutVirtualService', 'Info'),
  SubsetSelectsNoPods: type('MESH008', 'SubsetSelectsNoPods', 'Warning'),
  GatewayVirtualServicesShadowed: type('MESH009', 'GatewayVirtualServicesShadowed', 'Warning'),
  DuplicateObject: type('MESH010', 'DuplicateObject', 'Info'),
  ConflictingServiceEntryProtocol: type('MESH011', 'ConflictingServiceEntryProtocol', 'Warning'),
  InvalidGatewayCredentialKey: type('MESH012', 'InvalidGatewayCredentialKey', 'Error'),
  RouteForbiddenByAuthorization: type('MESH013', 'RouteForbiddenByAuthorization', 'Warning'),
  PolicySelectsNoPods: type('MESH014', 'PolicySelectsNoPods', 'Warning'),
  PortLevelMtlsPortNotOnWorkload: type('MESH015', 'PortLevelMtlsPortNotOnWorkload', 'Warning'),
  UnknownPrincipal: type('MESH016', 'UnknownPrincipal', 'Warning'),
  SidecarEgressImportsNothing: type('MESH017', 'SidecarEgressImportsNothing', 'Warning'),
  PodViolatesPodSecurityStandard: type('MESH018', 'PodViolatesPodSecurityStandard', 'Error'),
} as const;

/** Go's `%q` for a string. */
export function q(s: string): string {
  return JSON.stringify(s);
}

/** Go's `%v` for a slice: `[a b c]`. */
export function goList(items: ReadonlyArray<string | number>): string {
  return `[${items.join(' ')}]`;
}
