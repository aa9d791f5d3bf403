/**
 * A service's ALLOW AuthorizationPolicy, derived from the call graph: one rule per caller (declared
 * with `allowCallsFrom` or implied by `calls`, and every gateway that routes to the service),
 * narrowed to the workload ports, methods and paths of the call.
 */
import { ApiObject } from 'cdk8s';
import { AuthorizationMode } from '../../authorization-mode';
import { CallOptions } from '../../caller';
import { AuthorizationPolicy, AuthorizationPolicySpecAction } from '../../imports/security.istio.io';
import { callerSource, CallerSource } from '../../model/caller-source';
import { MeshModel } from '../../model/mesh';
import { containerPort, ServiceModel } from '../../model/service';
import { serviceGrants } from '../../model/service-grants';
import { lazy } from '../../private/lazy';

/** A rule of an AuthorizationPolicy, as written. */
export interface AuthorizationRuleJson {
  readonly from?: Array<{ source: CallerSource }>;
  readonly to?: Array<{ operation: { ports?: string[]; methods?: string[]; paths?: string[] } }>;
}

/**
 * The service's AuthorizationPolicy (named as the service, selecting its pods): with
 * DENY_BY_DEFAULT, an ALLOW policy with a rule per caller (none: nothing is allowed); when the
 * service is open in a denying namespace or mesh, a policy allowing every request. None when the
 * service's authorization is its enclosing scope's open default.
 */
export function serviceAuthorizationPolicy(service: ServiceModel, meshModel: MeshModel): ApiObject | undefined {
  const security = meshModel.security;
  const mode = security.serviceAuthorization(service.namespace, service.security.authorization);
  const enclosing = security.namespaceAuthorization(service.namespace);
  if (mode === AuthorizationMode.OPEN && enclosing === AuthorizationMode.OPEN) {
    return undefined;
  }
  const policy = new AuthorizationPolicy(service.host, 'AuthorizationPolicy', {
    metadata: { name: service.name, namespace: service.namespace },
    spec: {
      selector: { matchLabels: { ...service.podSelector } },
      action: AuthorizationPolicySpecAction.ALLOW,
      rules: mode === AuthorizationMode.OPEN ? [{}] : lazy(() => serviceRules(service, meshModel)),
    },
  });
  if (service.namespaceObject) {
    policy.addDependency(service.namespaceObject);
  }
  return policy;
}

/** The rules of a denying service's ALLOW policy; problems of the callers are reported by the service's validation. */
export function serviceRules(service: ServiceModel, meshModel: MeshModel): AuthorizationRuleJson[] | undefined {
  const rules: AuthorizationRuleJson[] = [];
  const seen = new Set<string>();
  for (const grant of serviceGrants(service, meshModel)) {
    const resolved = callerSource(grant.caller, service.mesh);
    if (!resolved.source) continue;
    const rule = { from: [{ source: resolved.source }], ...operation(service, grant.options) };
    const key = JSON.stringify(rule);
    if (!seen.has(key)) {
      seen.add(key);
      rules.push(rule);
    }
  }
  return rules.length > 0 ? rules : undefined;
}

/** The `to` of a call's rule: the container ports behind the Service ports, and the methods and paths. */
function operation(service: ServiceModel, options: CallOptions): Pick<AuthorizationRuleJson, 'to'> {
  const ports = options.ports?.map(p => {
    const port = service.ports.find(sp => sp.port === p);
    return String(port ? containerPort(port) : p);
  });
  const op = {
    ...ports ? { ports: [...new Set(ports)] } : {},
    ...options.methods ? { methods: [...options.methods] } : {},
    ...options.paths ? { paths: [...options.paths] } : {},
  };
  return Object.keys(op).length > 0 ? { to: [{ operation: op }] } : {};
}
