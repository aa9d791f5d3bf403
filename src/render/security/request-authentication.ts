/**
 * Writes the JWT validation of a workload: a RequestAuthentication selecting its pods and, when a
 * token is required, the DENY AuthorizationPolicy `<name>-require-jwt` that rejects requests
 * without a valid token of one of the issuers (Istio's documented pattern: a RequestAuthentication
 * alone rejects invalid tokens but lets requests without a token through).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { authorizationPolicyObject, gatewayPolicyTarget, PolicyTargetRef } from './authorization-policy';
import { AuthorizationAction, AuthorizationRule } from '../../authorization-rule';
import { RequestAuthentication, RequestAuthenticationSpecJwtRules } from '../../imports/security.istio.io';
import { GatewayModel } from '../../model/gateway';
import { containerPort, ServiceModel } from '../../model/service';
import { toIstioDuration } from '../../private/duration';
import { namedServers } from '../../private/gateway/server-shape';
import { serverRouteKind } from '../../private/gateway/servers';
import { routeKindOf, RouteKind } from '../../private/protocol';
import { requestAuthenticationProblems } from '../../private/security/jwt-values';
import { throwIfProblems } from '../../private/validation';
import { Protocol } from '../../protocol';
import { JwtRule, RequestAuthenticationOptions } from '../../request-authentication';

/** Whose requests are validated, and how. */
export interface RequestAuthenticationInput {
  /** The RequestAuthentication's name; the token requirement is `<name>-require-jwt`. */
  readonly name: string;
  readonly namespace: string;
  /** Labels of the pods whose requests are validated. */
  readonly selector?: { readonly [key: string]: string };
  /** The objects whose pods' requests are validated, instead of a selector (a Gateway API Gateway). */
  readonly targetRefs?: readonly PolicyTargetRef[];
  readonly options: RequestAuthenticationOptions;
  /**
   * The ports (of the pods) that carry HTTP, when the pods also serve other protocols: the token
   * requirement is limited to them, since a connection that is not HTTP carries no token (and a
   * DENY rule on HTTP attributes alone denies every TCP connection).
   *
   * @default - every port
   */
  readonly httpPorts?: readonly number[];
}

/** The objects written for `input`. */
export interface RequestAuthenticationObjects {
  readonly requestAuthentication: ApiObject;
  /** The DENY policy that requires a token (`requireToken`). */
  readonly requireToken?: ApiObject;
}

/** The wire form of a JWT rule. */
export function jwtRuleSpec(rule: JwtRule): RequestAuthenticationSpecJwtRules {
  return {
    issuer: rule.issuer,
    audiences: rule.audiences,
    jwksUri: rule.jwksUri,
    jwks: rule.jwks,
    fromHeaders: rule.fromHeaders?.map(h => ({ name: h.name, prefix: h.prefix })),
    fromParams: rule.fromParams,
    fromCookies: rule.fromCookies,
    outputPayloadToHeader: rule.outputPayloadToHeader,
    outputClaimToHeaders: rule.outputClaimToHeaders?.map(c => ({ header: c.header, claim: c.claim })),
    forwardOriginalToken: rule.forwardOriginalToken,
    timeout: rule.timeout && toIstioDuration(rule.timeout),
  };
}

/** The rule that denies requests without a valid token of one of `issuers` (on `ports`, if given). */
export function requireTokenRule(issuers: readonly string[], ports?: readonly number[]): AuthorizationRule {
  return {
    from: [{ notRequestPrincipals: issuers.map(issuer => `${issuer}/*`) }],
    to: ports && ports.length > 0 ? [{ ports: [...ports] }] : undefined,
  };
}

/** Creates the RequestAuthentication (and the token requirement) under `scope`; `input` is checked already. */
export function requestAuthenticationObjects(scope: Construct, input: RequestAuthenticationInput): RequestAuthenticationObjects {
  const requestAuthentication = new RequestAuthentication(scope, 'RequestAuthentication', {
    metadata: { name: input.name, namespace: input.namespace },
    spec: {
      selector: input.selector && { matchLabels: { ...input.selector } },
      targetRefs: input.targetRefs?.map(r => ({ ...r })),
      jwtRules: input.options.jwtRules.map(jwtRuleSpec),
    },
  });
  const requireToken = input.options.requireToken
    ? authorizationPolicyObject(scope, 'RequireJwt', {
      name: `${input.name}-require-jwt`,
      namespace: input.namespace,
      selector: input.selector,
      targetRefs: input.targetRefs,
      action: AuthorizationAction.DENY,
      rules: [requireTokenRule([...new Set(input.options.jwtRules.map(r => r.issuer))], input.httpPorts)],
    })
    : undefined;
  return { requestAuthentication, requireToken };
}

/**
 * The JWT validation of a service's pods (none without `options`). When the service also has
 * ports that are not HTTP, the token requirement is limited to the HTTP ones (their container ports).
 */
export function serviceRequestAuthentication(
  service: ServiceModel, options: RequestAuthenticationOptions | undefined,
): RequestAuthenticationObjects | undefined {
  if (options === undefined) return undefined;
  const http = service.ports.filter(p => routeKindOf(p.protocol) === RouteKind.HTTP);
  const objects = requestAuthenticationObjects(service.host, {
    name: service.name,
    namespace: service.namespace,
    selector: { ...service.podSelector },
    options,
    httpPorts: http.length < service.ports.length ? http.map(containerPort) : undefined,
  });
  for (const obj of [objects.requestAuthentication, objects.requireToken]) {
    if (obj && service.namespaceObject) obj.addDependency(service.namespaceObject);
  }
  return objects;
}

/** What keeps a service from having `options`: a token requirement without an HTTP port. */
export function serviceRequestAuthenticationProblems(
  service: { name: string; ports: ReadonlyArray<{ protocol?: Protocol }> }, options: RequestAuthenticationOptions | undefined,
): string[] {
  if (options === undefined) return [];
  const problems = requestAuthenticationProblems('requestAuthentication', options);
  if (options.requireToken && !service.ports.some(p => p.protocol !== undefined && routeKindOf(p.protocol) === RouteKind.HTTP)) {
    problems.push(`'requestAuthentication.requireToken' needs an HTTP port, but service '${service.name}' has none: `
      + 'a connection that is not HTTP carries no token, so every request would be denied');
  }
  return problems;
}

/**
 * The JWT validation of a gateway's pods (checked here: the gateway has nothing else to check it
 * with). The token requirement applies to every port of the pods, so a gateway that requires a
 * token must not serve TCP or TLS passthrough: those servers' connections would all be denied.
 */
export function gatewayRequestAuthentication(
  gateway: GatewayModel, namespaceObject: ApiObject | undefined, options: RequestAuthenticationOptions,
): RequestAuthenticationObjects {
  throwIfProblems(gateway.scope, requestAuthenticationProblems('requestAuthentication', options));
  const objects = requestAuthenticationObjects(gateway.scope, { name: gateway.name, ...gatewayPolicyTarget(gateway), options });
  for (const obj of [objects.requestAuthentication, objects.requireToken]) {
    if (obj && namespaceObject) obj.addDependency(namespaceObject);
  }
  if (options.requireToken) {
    gateway.scope.node.addValidation({
      validate: () => namedServers(gateway.servers).filter(s => [RouteKind.TCP, RouteKind.TLS].includes(serverRouteKind(s))).map(s =>
        `'requestAuthentication.requireToken' would deny every connection of server '${s.portName}' (port ${s.port}, ${s.protocol}${s.tlsMode ? ` ${s.tlsMode}` : ''}): `
        + 'a connection the gateway does not read as HTTP carries no token; serve it on a gateway that does not require one'),
    });
  }
  return objects;
}
