/**
 * How an AuthorizationPolicy rule names a caller: its workload identity as a peer principal
 * (`<trust domain>/ns/<namespace>/sa/<account>`), its namespace, or an end user's request
 * principal.
 */
import { Caller, CallerKind } from '../caller';
import { gatewayModelOf, WorkloadIdentity } from './gateway';
import { referenceModelOf } from './reference';
import { serviceModelOf } from './service';
import { IMesh } from '../interfaces/mesh';
import { dnsLabelProblem, dnsSubdomainProblem } from '../private/validation';

/** An AuthorizationPolicy `source`. */
export interface CallerSource {
  readonly principals?: string[];
  readonly namespaces?: string[];
  readonly requestPrincipals?: string[];
}

/** A caller's source, or why it has none. */
export type ResolvedCaller =
  | { readonly source: CallerSource; readonly problem?: undefined }
  | { readonly source?: undefined; readonly problem: string };

/** The peer principal of a workload identity in the mesh's trust domain. */
export function principalOf(mesh: IMesh, identity: WorkloadIdentity): string {
  return `${mesh.trustDomain}/ns/${identity.namespace}/sa/${identity.serviceAccount}`;
}

/** Resolves a caller to the source a rule names it by (`mesh`: the callee's mesh, whose trust domain principals are in). */
export function callerSource(caller: Caller, mesh: IMesh): ResolvedCaller {
  switch (caller.kind) {
    case CallerKind.SERVICE:
      return identitySource(mesh, hostIdentity(caller), `Caller.service(${caller.value})`,
        'it is not a workload of this app or a ServiceReference with \'serviceAccountName\' (an ExternalService calls nothing in the mesh)');
    case CallerKind.GATEWAY:
      return identitySource(mesh, gatewayModelOf(caller._gateway!)?.identity(), `Caller.gateway(${caller.value})`,
        "who its pods run as is not known (it selects existing pods by 'selector'): give the gateway 'installedService' with its 'serviceAccountName', or allow Caller.serviceAccount(namespace, name)");
    case CallerKind.NAMESPACE:
      return checked(dnsLabelProblem('Caller.namespace', caller.value), { namespaces: [caller.value] });
    case CallerKind.SERVICE_ACCOUNT: {
      const [namespace, account] = splitAccount(caller.value);
      return checked(dnsLabelProblem('Caller.serviceAccount namespace', namespace) ?? dnsSubdomainProblem('Caller.serviceAccount name', account),
        { principals: [principalOf(mesh, { namespace, serviceAccount: account })] });
    }
    case CallerKind.PRINCIPAL:
      return checked(wildcardProblem('Caller.principal', caller.value), { principals: [caller.value] });
    default:
      return checked(wildcardProblem('Caller.requestPrincipal', caller.value), { requestPrincipals: [caller.value] });
  }
}

function hostIdentity(caller: Caller): WorkloadIdentity | undefined {
  const host = caller._host!;
  const account = serviceModelOf(host)?.serviceAccountName ?? referenceModelOf(host)?.serviceAccountName;
  return account === undefined ? undefined : { namespace: host.namespace, serviceAccount: account };
}

function identitySource(mesh: IMesh, identity: WorkloadIdentity | undefined, what: string, why: string): ResolvedCaller {
  return identity ? { source: { principals: [principalOf(mesh, identity)] } } : { problem: `${what} has no workload identity: ${why}` };
}

function checked(problem: string | undefined, source: CallerSource): ResolvedCaller {
  return problem === undefined ? { source } : { problem };
}

function splitAccount(value: string): [string, string] {
  const slash = value.indexOf('/');
  return [value.slice(0, slash), value.slice(slash + 1)];
}

/** Istio's rule for principal-like values: not empty, at most one `*`, alone, as the prefix or as the suffix. */
function wildcardProblem(prop: string, value: string): string | undefined {
  const stars = value.split('*').length - 1;
  if (value === '' || stars > 1 || (stars === 1 && value !== '*' && !value.startsWith('*') && !value.endsWith('*'))) {
    return `'${prop}' must be a value with '*' only alone, as its prefix or as its suffix, got '${value}'`;
  }
  return undefined;
}
