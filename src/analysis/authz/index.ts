/**
 * The authorization evaluator: Istio's verdict on a request reaching a workload, from the
 * AuthorizationPolicies of the manifests. Pure functions, independent of the checks (the
 * forbidden-route check uses it; so can a routing simulator).
 */
export { evaluateAuthorization, policiesInForce, policyApplies, actionOf, dryRun } from './evaluate';
export { ruleMatches, stringMatch } from './match';
export type { Tri } from './tri';
export type { AuthzAction, AuthzRequest, AuthzVerdict, AuthzVerdictKind, AuthzWorkload } from './types';
