/**
 * Istio's authorization decision for a request reaching a workload, from the AuthorizationPolicies
 * of the manifests (a pure function of them: no cluster, no checks).
 *
 * Which policies are in force on a workload (Istio's `WorkloadPolicyMatcher`): those of the mesh's
 * root namespace and of the workload's namespace whose `selector` is absent or has labels all of
 * which the workload has (root-namespace policies apply in every namespace). A policy with
 * `targetRef(s)` applies only to the pods of the Gateway API Gateway it names (in its own
 * namespace); on such gateway pods, selector policies apply as well. A policy annotated
 * `istio.io/dry-run: "true"` only logs.
 *
 * The decision (CUSTOM, then DENY, then ALLOW; AUDIT does not decide): a matching DENY rule denies;
 * if any ALLOW policy is in force, a request that matches none of its rules is denied (a policy
 * without rules matches nothing, `rules: [{}]` matches everything); a request a CUSTOM rule
 * matches goes to the external authorizer, so the verdict depends on it. Where a rule's match
 * hangs on something the request description does not know, the verdict is `depends`.
 */
import { ruleMatches } from './match';
import { Tri } from './tri';
import { AuthzAction, AuthzRequest, AuthzVerdict, AuthzWorkload } from './types';
import { ANNOTATION, GATEWAY_API_GROUP, LABEL } from '../../private/istio-names';
import { stringMap } from '../labels';
import { asArray, Obj } from '../objects';

/** A policy's target references: `targetRefs`, else the legacy `targetRef`. */
function targetRefs(spec: any): any[] {
  const refs = asArray(spec?.targetRefs);
  if (refs.length > 0) return refs;
  return spec?.targetRef !== null && typeof spec?.targetRef === 'object' ? [spec.targetRef] : [];
}

function selected(spec: any, workload: AuthzWorkload): boolean {
  const selector = spec?.selector;
  if (selector === null || selector === undefined) return true;
  const labels = stringMap(selector.matchLabels);
  return Object.keys(labels).every(k => workload.labels[k] === labels[k]);
}

/**
 * Whether a policy (AuthorizationPolicy, RequestAuthentication; any kind with `selector` and
 * `targetRef(s)`) is in force on a workload: Istio's `WorkloadPolicyMatcher.ShouldAttachPolicy`
 * for a sidecar or a Gateway API gateway pod (not a waypoint).
 */
export function policyApplies(policy: Obj, workload: AuthzWorkload, rootNamespace: string): boolean {
  if (policy.namespace !== rootNamespace && policy.namespace !== workload.namespace) return false;
  const refs = targetRefs(policy.spec);
  const gatewayName = workload.labels[LABEL.gatewayName];
  if (gatewayName === undefined) return refs.length === 0 && selected(policy.spec, workload);
  if (refs.length === 0) return selected(policy.spec, workload);
  return policy.namespace === workload.namespace && refs.some(ref =>
    (ref?.namespace === undefined || ref.namespace === '' || ref.namespace === workload.namespace)
    && (ref?.group ?? '') === GATEWAY_API_GROUP && ref?.kind === 'Gateway' && ref?.name === gatewayName);
}

/** Go's `strconv.ParseBool` true values. */
const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/** Whether a policy only logs (`istio.io/dry-run: "true"`). */
export function dryRun(policy: Obj): boolean {
  const value = policy.annotations[ANNOTATION.dryRun];
  return value !== undefined && TRUE.has(value);
}

/** A policy's action (ALLOW when unset); undefined for one Istio ignores. */
export function actionOf(policy: Obj): AuthzAction | 'AUDIT' | undefined {
  const action = policy.spec.action ?? 'ALLOW';
  return ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'].includes(action) ? action : undefined;
}

/** The AuthorizationPolicies in force (not dry-run) on a workload, root namespace first, in input order. */
export function policiesInForce(policies: readonly Obj[], workload: AuthzWorkload, rootNamespace: string): Obj[] {
  const applying = policies.filter(p => policyApplies(p, workload, rootNamespace) && !dryRun(p) && actionOf(p) !== undefined);
  return [...applying.filter(p => p.namespace === rootNamespace), ...applying.filter(p => p.namespace !== rootNamespace)];
}

/** How a policy's rules match: the first rule that matches, else the first that may. */
interface PolicyMatch {
  readonly policy: Obj;
  readonly matches: Tri;
  readonly rule?: number;
}

function matchPolicy(policy: Obj, action: string, request: AuthzRequest): PolicyMatch {
  let maybe: number | undefined;
  const rules = asArray(policy.spec.rules);
  for (let i = 0; i < rules.length; i++) {
    const m = ruleMatches(rules[i], policy.namespace, action, request);
    if (m === true) return { policy, matches: true, rule: i };
    if (m === undefined && maybe === undefined) maybe = i;
  }
  return maybe === undefined ? { policy, matches: false } : { policy, matches: undefined, rule: maybe };
}

/** The first policy whose rules match, else the first that may match, else none. */
function firstMatch(policies: readonly Obj[], action: AuthzAction, request: AuthzRequest): PolicyMatch | undefined {
  let maybe: PolicyMatch | undefined;
  for (const p of policies) {
    const m = matchPolicy(p, action, request);
    if (m.matches === true) return m;
    if (m.matches === undefined && !maybe) maybe = m;
  }
  return maybe;
}

function verdict(kind: AuthzVerdict['verdict'], action: AuthzAction, m: PolicyMatch): AuthzVerdict {
  return { verdict: kind, policy: m.policy.fullName, action, rule: m.rule };
}

/**
 * Istio's verdict on a request reaching a workload, given the AuthorizationPolicies of the
 * manifests (any objects; those of other kinds are ignored) and the mesh's root namespace.
 */
export function evaluateAuthorization(
  policies: readonly Obj[], workload: AuthzWorkload, request: AuthzRequest, rootNamespace: string,
): AuthzVerdict {
  const inForce = policiesInForce(policies.filter(p => p.kind === 'AuthorizationPolicy'), workload, rootNamespace);
  const of = (action: string) => inForce.filter(p => actionOf(p) === action);

  const custom = firstMatch(of('CUSTOM'), 'CUSTOM', request);
  const deny = firstMatch(of('DENY'), 'DENY', request);
  if (deny?.matches === true) return verdict('denied', 'DENY', deny);

  const allowPolicies = of('ALLOW');
  const allow = allowPolicies.length > 0 ? firstMatch(allowPolicies, 'ALLOW', request) : undefined;
  if (allowPolicies.length > 0 && !allow) {
    return { verdict: 'denied', policy: allowPolicies[0].fullName, action: 'ALLOW', allowPolicies: allowPolicies.map(p => p.fullName) };
  }
  if (deny) return verdict('depends', 'DENY', deny);
  if (allow?.matches === undefined && allow) return verdict('depends', 'ALLOW', allow);
  if (custom) return verdict('depends', 'CUSTOM', custom);
  return allow ? verdict('allowed', 'ALLOW', allow) : { verdict: 'allowed' };
}
