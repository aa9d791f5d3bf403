/**
 * What keeps a service's declaration from being valid on its own: its names (and those of its
 * objects), a duplicate, the root namespace, its ports, exportTo and proxy options.
 */
import { proxyOptionProblems } from './proxy';
import { exportToProblems, namePorts, portProblems } from './service-ports';
import { dns1035LabelProblem, dnsLabelProblem, dnsSubdomainProblem } from './validation';
import { MeshServiceOptions } from '../mesh-service-options';
import { ServiceObjectNames } from '../model/service';
import { serviceRequestAuthenticationProblems } from '../render/security/request-authentication';

/** The resolved names of a service being declared, and where a service of that name already is. */
export interface ServiceDeclaration {
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** The mesh's root namespace, where no service may live. */
  readonly rootNamespace: string;
  /** The construct path of the service already declared with this name and namespace, if any. */
  readonly existing?: string;
}

export function serviceDeclarationProblems(props: MeshServiceOptions, d: ServiceDeclaration): Array<string | undefined> {
  return [
    dns1035LabelProblem('name', d.name),
    dnsLabelProblem('namespace', d.namespace),
    dnsLabelProblem('serviceAccountName', d.serviceAccountName),
    d.namespace === d.rootNamespace
      ? `namespace '${d.namespace}' is the root namespace: it holds mesh configuration, not applications`
      : undefined,
    d.existing ? `service '${d.name}' is already declared in namespace '${d.namespace}' (at ${d.existing})` : undefined,
    props.defaultVersion !== undefined && props.defaultRouting !== undefined
      ? `give 'defaultVersion' or 'defaultRouting', not both ('defaultVersion' '${props.defaultVersion}' is shorthand for DefaultRouting.version('${props.defaultVersion}'))`
      : undefined,
    dnsSubdomainProblem('virtualServiceName', props.virtualServiceName ?? d.name),
    dnsSubdomainProblem('destinationRuleName', props.destinationRuleName ?? d.name),
    dnsSubdomainProblem('httpRouteName', props.httpRouteName ?? d.name),
    ...portProblems(props.ports ?? []),
    ...exportToProblems(props.exportTo),
    ...proxyOptionProblems(props.proxy),
    ...props.requestAuthentication
      ? serviceRequestAuthenticationProblems({ name: d.name, ports: namePorts(props.ports ?? []) }, props.requestAuthentication) : [],
  ];
}

/** The names of a service's routing objects: as given, else the service's name. */
export function objectNames(props: MeshServiceOptions, name: string): ServiceObjectNames {
  return {
    virtualService: props.virtualServiceName ?? name,
    destinationRule: props.destinationRuleName ?? name,
    httpRoute: props.httpRouteName ?? name,
  };
}
