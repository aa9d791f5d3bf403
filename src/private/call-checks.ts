/**
 * The checks of a service's place in the call graph: every caller has an identity a policy can
 * name, and every call's narrowing fits the callee (its ports; methods and paths only on HTTP ports).
 */
import { routeKindOf, RouteKind } from './protocol';
import { authorizationMethodProblem, authorizationPathProblem } from './security/authorization-values';
import { listOf } from './validation';
import { AuthorizationMode } from '../authorization-mode';
import { CallOptions } from '../caller';
import { IMeshHost } from '../interfaces/mesh-host';
import { callerSource } from '../model/caller-source';
import { MeshModel } from '../model/mesh';
import { ServiceModel, serviceModelOf } from '../model/service';
import { gatewayGrants } from '../model/service-grants';

/** Problems of the callers a service allows, and of the calls it declares. */
export function callGraphProblems(service: ServiceModel, meshModel: MeshModel): string[] {
  const problems: string[] = [];
  const nonHttpPorts = service.ports.filter(p => routeKindOf(p.protocol) !== RouteKind.HTTP).map(p => p.port);
  for (const grant of meshModel.callGraph.grantsTo(service.host)) {
    const resolved = callerSource(grant.caller, service.mesh);
    if (resolved.problem) problems.push(`caller ${resolved.problem}`);
    problems.push(...callOptionProblems(`caller ${grant.caller.kind.toLowerCase()} '${grant.caller.value}'`, grant.options, service.host, nonHttpPorts));
  }
  // a gateway that routes here needs an identity only where a policy names it (its ports are its routes', checked with them)
  if (meshModel.security.serviceAuthorization(service.namespace, service.security.authorization) === AuthorizationMode.DENY_BY_DEFAULT) {
    for (const grant of gatewayGrants(service, meshModel)) {
      if (callerSource(grant.caller, service.mesh).problem) {
        problems.push(`gateway '${grant.caller.value}' routes to this service, which denies by default, but who its pods run as is not known `
          + "(it selects existing pods by 'selector'): give the gateway 'installedService' with its 'serviceAccountName'");
      }
    }
  }
  for (const call of meshModel.callGraph.callsFrom(service.host)) {
    const what = `call to '${call.callee.node.path}'`;
    problems.push(...callOptionProblems(what, call.options, call.callee, undefined));
    if (!serviceModelOf(call.callee) && (call.options.methods !== undefined || call.options.paths !== undefined)) {
      problems.push(`${what}: 'methods' and 'paths' narrow the callee's AuthorizationPolicy, which this app does not write `
        + "(a ServiceReference's owner writes it; an ExternalService has none): leave them out");
    }
  }
  return problems;
}

/**
 * Problems of a call's narrowing: ports the callee has, HTTP methods and paths in Istio's syntax,
 * and (when the callee's non-HTTP ports are known) methods and paths only on HTTP ports, where
 * Istio can see them.
 */
export function callOptionProblems(what: string, options: CallOptions, callee: IMeshHost, nonHttpPorts: number[] | undefined): string[] {
  const problems: string[] = [];
  for (const port of options.ports ?? []) {
    if (!callee.portNumbers.includes(port)) {
      problems.push(`${what}: 'ports' ${port} is not a port of '${callee.name}' (ports: ${listOf(callee.portNumbers.map(String))})`);
    }
  }
  if (options.ports?.length === 0) problems.push(`${what}: 'ports' must not be empty (leave it out for every port)`);
  if (options.methods?.length === 0) problems.push(`${what}: 'methods' must not be empty (leave it out for every method)`);
  if (options.paths?.length === 0) problems.push(`${what}: 'paths' must not be empty (leave it out for every path)`);
  const valueProblems = [
    ...(options.methods ?? []).map((m, i) => authorizationMethodProblem(`methods[${i}]`, m)),
    ...(options.paths ?? []).map((p, i) => authorizationPathProblem(`paths[${i}]`, p)),
  ];
  problems.push(...valueProblems.filter(isProblem).map(p => `${what}: ${p}`));
  const http = options.methods !== undefined || options.paths !== undefined;
  const tcp = (nonHttpPorts ?? []).filter(p => options.ports === undefined || options.ports.includes(p));
  if (http && tcp.length > 0) {
    problems.push(`${what}: 'methods' and 'paths' need HTTP ports, but the call may use port${tcp.length > 1 ? 's' : ''} ${tcp.join(', ')}, `
      + 'where Istio sees no HTTP request and the rule would never match: narrow \'ports\' to the HTTP ports');
  }
  return problems;
}

function isProblem(p: string | undefined): p is string {
  return p !== undefined;
}
