/**
 * Routes whose traffic authorization rejects (MESH013): a route (route-calls.ts) sends a caller's
 * requests to a Service whose workloads' AuthorizationPolicies deny every request the route can
 * carry from that caller — a DENY rule matches them, or ALLOW policies are in force and none of
 * their rules matches. Only definite denials are reported: where the verdict depends on what the
 * route does not tell (a header it does not match exactly, a JWT claim, an external authorizer),
 * nothing is.
 *
 * The destination's workloads are the Service's pods (of the route's subset) that run a sidecar,
 * which enforces the policies. The caller's identity is its pods' ServiceAccount; it is unknown
 * where the connection may be plain text (a DestinationRule for the Service sets its own TLS mode,
 * or a PeerAuthentication of the root or the Service's namespace disables mutual TLS), and for the
 * gateway istioctl assumes. The request
 * principal is none unless a RequestAuthentication is in force on the workload.
 */
import { AuthzVerdict, policyApplies } from '../authz';
import { WorkloadVerdicts } from '../authz/workloads';
import { Check } from '../check';
import { toFqdn } from '../hosts';
import { MESH } from '../messages';
import { asArray, Obj } from '../objects';
import { containerPort } from '../pods';
import { RouteCall, RouteCalls } from './route-calls';

/** Why a workload rejects a call, in words (for a denied verdict). */
function reason(v: AuthzVerdict): string {
  if (v.action === 'DENY') return `DENY rule ${v.rule} of AuthorizationPolicy ${v.policy} matches them`;
  const policies = v.allowPolicies ?? [];
  return policies.length === 1
    ? `AuthorizationPolicy ${policies[0]} allows only what its rules match, and none matches them`
    : `the ALLOW AuthorizationPolicies ${policies.join(', ')} are in force and none of their rules matches them`;
}

function callerText(call: RouteCall): string {
  const identity = call.caller.principal ?? `an identity of namespace ${call.caller.namespace}`;
  if (call.caller.gateway) return `the pods of ${call.caller.gateway} (${identity})`;
  return `${identity} (${call.caller.pods.join(', ')})`;
}

/**
 * Whether mutual TLS may not be used to a Service's workloads, so that the caller's identity is not
 * known: a DestinationRule for it sets a TLS mode of its own, or a PeerAuthentication of the root
 * namespace or of the workloads' namespace disables mutual TLS somewhere.
 */
function plaintextTest(model: Parameters<Check['run']>[0]['model']): (service: Obj) => boolean {
  const domain = model.options.clusterDomain;
  const tlsModes = (policy: any) => [policy?.tls?.mode, ...asArray(policy?.portLevelSettings).map(s => s?.tls?.mode)];
  const ownTls = new Set<string>();
  for (const dr of model.of('DestinationRule')) {
    const policies = [dr.spec.trafficPolicy, ...asArray(dr.spec.subsets).map(s => s?.trafficPolicy)];
    if (policies.some(p => tlsModes(p).some(m => m !== undefined && m !== null && m !== 'ISTIO_MUTUAL'))) ownTls.add(toFqdn(String(dr.spec.host ?? ''), dr.namespace, domain));
  }
  const disabling = new Set<string>();
  for (const pa of model.of('PeerAuthentication')) {
    if (pa.spec.mtls?.mode === 'DISABLE' || Object.values(pa.spec.portLevelMtls ?? {}).some((m: any) => m?.mode === 'DISABLE')) disabling.add(pa.namespace);
  }
  const root = model.meshConfig.rootNamespace;
  return service => ownTls.has(`${service.name}.${service.namespace}.svc.${domain}`) || disabling.has(root) || disabling.has(service.namespace);
}

export const forbiddenRoutesCheck: Check = {
  id: 'security.forbidden-routes',
  description: 'routes whose requests the destination\'s AuthorizationPolicies reject',
  types: [MESH.RouteForbiddenByAuthorization],
  run(ctx) {
    const { model } = ctx;
    const verdicts = new WorkloadVerdicts(model);
    if (!verdicts.any) return;
    const root = model.meshConfig.rootNamespace;
    const authentications = model.of('RequestAuthentication');
    const plaintext = plaintextTest(model);
    for (const call of new RouteCalls(model, verdicts).all()) {
      const principal = plaintext(call.service) ? undefined : call.caller.principal;
      const rejected = new Map<string, string[]>();
      for (const pod of call.pods) {
        const port = call.servicePort === undefined ? undefined : containerPort(call.servicePort, pod);
        const requestPrincipal = authentications.some(ra => policyApplies(ra, pod, root)) ? undefined : null;
        const found = call.requests.map(r => verdicts.verdict(pod, { ...r, principal, namespace: call.caller.namespace, port, requestPrincipal }));
        if (!found.every(v => v.verdict === 'denied')) continue;
        const why = reason(found[0]);
        rejected.set(why, [...rejected.get(why) ?? [], pod.name]);
      }
      for (const [why, names] of rejected) {
        const port = call.servicePort === undefined ? '' : ` port ${call.servicePort.port}`;
        const what = call.protocol === 'http' ? 'requests' : 'connections';
        const outcome = call.protocol === 'http' ? 'they fail with 403 (RBAC: access denied)' : 'they are closed';
        ctx.report(MESH.RouteForbiddenByAuthorization, call.route,
          `${call.where} sends ${what} from ${callerText(call)} to Service ${call.service.fullName}${port}, but on ${names.join(', ')} ${why}, so ${outcome}`);
      }
    }
  },
};
