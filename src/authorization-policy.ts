import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthorizationAction, AuthorizationRule } from './authorization-rule';
import { IMeshGateway } from './interfaces/gateway';
import { IMesh } from './interfaces/mesh';
import { IMeshService } from './interfaces/mesh-service';
import { Mesh } from './mesh';
import { gatewayModelOf } from './model/gateway';
import { MESH_PROP, meshModelOf } from './model/mesh';
import { serviceModelOf } from './model/service';
import { arrayOf, bool, checkTypes, instance, mapOf, oneOf, optional, shape, str } from './private/props';
import { AUTHORIZATION_RULE, authorizationRuleProblems } from './private/security/authorization-rules';
import { dnsLabelProblem, dnsSubdomainProblem, labelProblems, throwIfProblems } from './private/validation';
import { authorizationPolicyObject, gatewayPolicyTarget, PolicyTargetRef } from './render/security/authorization-policy';

/**
 * Properties of an `AuthorizationPolicy`. The policy applies to the pods of `service`, of
 * `gateway` or with the labels of `selector` (at most one of them); without any, to every
 * workload of `namespace`, or, without `namespace` either, to every workload of the mesh.
 */
export interface AuthorizationPolicyProps {
  /** The mesh. */
  readonly mesh: IMesh;
  /** The policy's name (a DNS-1123 subdomain). @default - the construct id */
  readonly name?: string;
  /**
   * The policy's namespace. With `service` or `gateway` it is theirs (giving another is an
   * error); with `selector` it is where the selected pods are, the mesh's root namespace selecting
   * them in every namespace.
   *
   * @default - the namespace of `service` or `gateway`; with `selector` the mesh's default
   * namespace; else the root namespace (a mesh-wide policy, which needs a platform mesh)
   */
  readonly namespace?: string;
  /** A service of the mesh: the policy applies to its pods (every version). @default - none */
  readonly service?: IMeshService;
  /**
   * A gateway of the mesh: the policy applies to its pods, in their namespace (by their labels, or
   * for a Gateway API Gateway by a `targetRefs` reference to it, since Istio ignores selectors there).
   *
   * @default - none
   */
  readonly gateway?: IMeshGateway;
  /** Labels of the pods the policy applies to. @default - none */
  readonly selector?: { [key: string]: string };
  /** What the policy does with the requests its rules match. @default AuthorizationAction.ALLOW */
  readonly action?: AuthorizationAction;
  /**
   * The extension provider that authorizes the requests of a CUSTOM policy: the name of an
   * `extensionProviders` entry of the mesh config (a DNS-1123 label). Required with
   * `AuthorizationAction.CUSTOM`, an error with the other actions.
   *
   * @default - none
   */
  readonly provider?: string;
  /**
   * The rules; a request matches the policy when it matches one of them. An ALLOW policy without
   * rules allows nothing (Istio's allow-nothing policy); DENY, AUDIT and CUSTOM policies need at
   * least one (`{}` matches every request). More can be added with `addRule`.
   *
   * @default - none
   */
  readonly rules?: AuthorizationRule[];
  /**
   * Log what an ALLOW or DENY policy would decide without enforcing it (the `istio.io/dry-run`
   * annotation); an error with AUDIT and CUSTOM.
   *
   * @default false
   */
  readonly dryRun?: boolean;
}

const PROPS = shape({
  mesh: MESH_PROP,
  name: optional(str),
  namespace: optional(str),
  service: optional(instance('MeshService', v => serviceModelOf(v) !== undefined)),
  gateway: optional(instance('Gateway', v => gatewayModelOf(v) !== undefined)),
  selector: optional(mapOf(str)),
  action: optional(oneOf(AuthorizationAction)),
  provider: optional(str),
  rules: optional(arrayOf(AUTHORIZATION_RULE)),
  dryRun: optional(bool),
});

/**
 * An Istio AuthorizationPolicy (`security.istio.io/v1`) with typed rules: who may do what to the
 * pods of a service, a gateway, a label selector, a namespace or the whole mesh. Every action is
 * available: ALLOW, DENY, AUDIT and CUSTOM (an external authorizer, `provider`).
 *
 * ```ts
 * new AuthorizationPolicy(chart, 'reviews-readers', {
 *   mesh,
 *   service: reviews,
 *   rules: [{
 *     from: [{ principals: ['cluster.local/ns/default/sa/productpage'] }],
 *     to: [{ methods: ['GET'], paths: ['/reviews/*'] }],
 *   }],
 * });
 * ```
 *
 * emits
 *
 * ```yaml
 * apiVersion: security.istio.io/v1
 * kind: AuthorizationPolicy
 * metadata: { name: reviews-readers, namespace: default }
 * spec:
 *   selector: { matchLabels: { app: reviews } }
 *   action: ALLOW
 *   rules:
 *     - from: [{ source: { principals: [cluster.local/ns/default/sa/productpage] } }]
 *       to: [{ operation: { methods: [GET], paths: [/reviews/*] } }]
 * ```
 *
 * Values are checked as Istio's validation webhook checks them, and values Istio accepts but
 * that can never match (a `*` inside a value, a lowercase method, a path without `/`, an empty
 * list) are errors too.
 */
export class AuthorizationPolicy extends Construct {
  /** The policy's name. */
  public readonly name: string;
  /** The policy's namespace. */
  public readonly namespace: string;
  /** What the policy does with the requests its rules match. */
  public readonly action: AuthorizationAction;
  /** The AuthorizationPolicy object. */
  public readonly resource: ApiObject;

  private readonly _rules: AuthorizationRule[] = [];
  private rulesGiven = false;

  public constructor(scope: Construct, id: string, props: AuthorizationPolicyProps) {
    super(scope, id);
    checkTypes(this, props, PROPS);
    this.name = props.name ?? id;
    this.action = props.action ?? AuthorizationAction.ALLOW;
    const mesh = props.mesh;
    const target = targetOf(props);
    this.namespace = target.namespace;
    const ownsMeshWide = mesh.ownership.ownsMeshWideObjects;
    const custom = this.action === AuthorizationAction.CUSTOM;
    throwIfProblems(this, [
      dnsSubdomainProblem('name', this.name),
      dnsLabelProblem('namespace', this.namespace),
      ...target.problems,
      ...labelProblems('selector', props.selector),
      this.namespace === mesh.rootNamespace && !ownsMeshWide
        ? `a policy in the root namespace '${mesh.rootNamespace}' applies mesh-wide, which needs a platform mesh (MeshOwnership.platform()): give 'namespace' (or 'service', 'gateway') to apply it to your namespaces`
        : undefined,
      custom && props.provider === undefined ? "a CUSTOM policy needs 'provider': the extension provider (of the mesh config's extensionProviders) that authorizes its requests" : undefined,
      !custom && props.provider !== undefined ? `'provider' is only for a CUSTOM policy, got action ${this.action}` : undefined,
      custom && props.provider !== undefined ? dnsLabelProblem('provider', props.provider) : undefined,
      props.dryRun === true && (custom || this.action === AuthorizationAction.AUDIT)
        ? `'dryRun' is only for ALLOW and DENY policies (Istio refuses istio.io/dry-run on others), got action ${this.action}` : undefined,
      ...authorizationRuleProblems('rules', props.rules ?? [], this.action),
      props.rules !== undefined && props.rules.length === 0
        ? `'rules' is empty: leave it out${this.action === AuthorizationAction.ALLOW ? ' for an ALLOW policy that allows nothing' : ''} (Istio reads an empty list as left out)` : undefined,
    ]);
    this.rulesGiven = props.rules !== undefined;
    this._rules.push(...props.rules ?? []);
    const self = this;
    this.resource = authorizationPolicyObject(this, 'Resource', {
      name: this.name,
      namespace: this.namespace,
      selector: target.selector,
      targetRefs: target.targetRefs,
      action: this.action,
      provider: props.provider,
      get rules() { return self.rulesGiven ? self._rules : undefined; },
      dryRun: props.dryRun,
    });
    // a gateway's namespace is the gateway's to add (an installed gateway's exists in the cluster)
    const namespaceObject = this.namespace === mesh.rootNamespace
      ? (mesh instanceof Mesh ? mesh._rootNamespaceObject() : undefined)
      : props.gateway && !mesh.namespaces.includes(this.namespace) ? undefined : meshModelOf(mesh)!.namespaceObject(this.namespace);
    if (namespaceObject) this.resource.addDependency(namespaceObject);
    this.node.addValidation({ validate: () => this.validatePolicy() });
  }

  /** The rules, in the order given and added. */
  public get rules(): AuthorizationRule[] {
    return [...this._rules];
  }

  /** Adds a rule; a request matches the policy when it matches one of its rules. */
  public addRule(rule: AuthorizationRule): void {
    checkTypes(this, rule, AUTHORIZATION_RULE, '', 'rule');
    throwIfProblems(this, authorizationRuleProblems(`rules[${this._rules.length}]`, [rule], this.action)
      .map(p => p.replace(`'rules[${this._rules.length}][0]`, `'rules[${this._rules.length}]`)));
    this._rules.push(rule);
    this.rulesGiven = true;
  }

  private validatePolicy(): string[] {
    return this._rules.length === 0 && this.action !== AuthorizationAction.ALLOW
      ? [`a ${this.action} policy without rules never applies (Istio refuses it): give 'rules' or call addRule() ({} matches every request)`]
      : [];
  }
}

/** Where a policy applies: its namespace, the pods' labels, and what contradicts itself in the props. */
interface Target {
  readonly namespace: string;
  readonly selector?: { readonly [key: string]: string };
  readonly targetRefs?: readonly PolicyTargetRef[];
  readonly problems: Array<string | undefined>;
}

function targetOf(props: AuthorizationPolicyProps): Target {
  const given = (['service', 'gateway', 'selector'] as const).filter(k => props[k] !== undefined);
  if (given.length > 1) {
    return { namespace: props.namespace ?? props.mesh.defaultNamespace, problems: [`give one of 'service', 'gateway' and 'selector', not ${given.join(' and ')}`] };
  }
  const sameNamespace = (what: string, namespace: string): string | undefined => (props.namespace !== undefined && props.namespace !== namespace
    ? `'namespace' is '${props.namespace}', but ${what} in namespace '${namespace}' (a policy selects pods of its own namespace): leave 'namespace' out`
    : undefined);
  if (props.service) {
    const service = serviceModelOf(props.service)!;
    return {
      namespace: service.namespace,
      selector: props.service.selectorLabels(),
      problems: [
        sameNamespace(`the pods of service '${service.name}' are`, service.namespace),
        service.mesh !== props.mesh ? `service '${service.name}' belongs to another mesh (${service.mesh.node.path})` : undefined,
      ],
    };
  }
  if (props.gateway) {
    const target = gatewayPolicyTarget(gatewayModelOf(props.gateway)!);
    return { ...target, problems: [sameNamespace(`the pods of gateway '${props.gateway.name}' are`, target.namespace)] };
  }
  if (props.selector) {
    return {
      namespace: props.namespace ?? props.mesh.defaultNamespace,
      selector: props.selector,
      problems: [Object.keys(props.selector).length === 0 ? "'selector' is empty: leave it out for a policy on every workload of the namespace" : undefined],
    };
  }
  return { namespace: props.namespace ?? props.mesh.rootNamespace, problems: [] };
}
