/**
 * Writes AuthorizationPolicies (`security.istio.io/v1`) from the library's typed rules: for the
 * `AuthorizationPolicy` construct, the token requirement of a RequestAuthentication, and the
 * policies derived from the call graph.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthorizationAction, AuthorizationRule } from '../../authorization-rule';
import {
  AuthorizationPolicy, AuthorizationPolicySpecAction, AuthorizationPolicySpecRules,
} from '../../imports/security.istio.io';
import { GatewayModel } from '../../model/gateway';
import { ANNOTATION, GATEWAY_API_GROUP } from '../../private/istio-names';
import { lazy } from '../../private/lazy';

/** An AuthorizationPolicy as the library writes it. */
export interface AuthorizationPolicyInput {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the pods it applies to; none (and no `targetRefs`): every workload of the namespace (of the mesh, in the root namespace). */
  readonly selector?: { readonly [key: string]: string };
  /** The objects it applies to instead of a selector (a Gateway API Gateway). */
  readonly targetRefs?: readonly PolicyTargetRef[];
  readonly action: AuthorizationAction;
  /** The extension provider of a CUSTOM policy. */
  readonly provider?: string;
  /** None: the policy has no rules (an ALLOW policy without rules allows nothing). */
  readonly rules?: readonly AuthorizationRule[];
  /** Log the policy's decisions instead of enforcing them (`istio.io/dry-run`). */
  readonly dryRun?: boolean;
  /** Labels of the object. */
  readonly labels?: { readonly [key: string]: string };
}

/** An object a policy attaches to by reference. */
export interface PolicyTargetRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** Where a policy on a gateway's pods goes and how it selects them. */
export interface GatewayPolicyTarget {
  /** The namespace of the gateway's pods. */
  readonly namespace: string;
  readonly selector?: { readonly [key: string]: string };
  readonly targetRefs?: readonly PolicyTargetRef[];
}

/**
 * How a policy applies to a gateway's pods: in their namespace, by their labels, or (a Gateway API
 * Gateway, whose pods Istio ignores selectors on) by a reference to the Gateway.
 */
export function gatewayPolicyTarget(gateway: GatewayModel): GatewayPolicyTarget {
  const namespace = gateway.identity()?.namespace ?? gateway.namespace;
  return gateway.policyByTargetRef
    ? { namespace, targetRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: gateway.name }] }
    : { namespace, selector: gateway.podSelector() };
}

/** The wire form of typed rules: `from[].source`, `to[].operation` with ports as strings, `when`. */
export function authorizationRulesSpec(rules: readonly AuthorizationRule[]): AuthorizationPolicySpecRules[] {
  return rules.map(rule => ({
    from: rule.from?.map(source => ({ source: { ...source } })),
    to: rule.to?.map(({ ports, notPorts, ...operation }) => ({
      operation: { ...operation, ports: ports?.map(String), notPorts: notPorts?.map(String) },
    })),
    when: rule.when?.map(c => ({ key: c.key, values: c.values, notValues: c.notValues })),
  }));
}

/** Creates the AuthorizationPolicy object `input` describes under `scope`; its spec reads `input` at synthesis. */
export function authorizationPolicyObject(scope: Construct, id: string, input: AuthorizationPolicyInput): ApiObject {
  return new AuthorizationPolicy(scope, id, {
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: input.labels && { ...input.labels },
      annotations: input.dryRun ? { [ANNOTATION.dryRun]: 'true' } : undefined,
    },
    spec: lazy(() => ({
      selector: input.selector && { matchLabels: { ...input.selector } },
      targetRefs: input.targetRefs?.map(r => ({ ...r })),
      action: input.action as string as AuthorizationPolicySpecAction,
      provider: input.provider !== undefined ? { name: input.provider } : undefined,
      rules: input.rules && authorizationRulesSpec(input.rules),
    })),
  });
}
