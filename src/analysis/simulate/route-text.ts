/**
 * Simulated requests and routes in words, for the jest matchers' failure messages and the
 * `cdk8s-mesh route` command: one vocabulary, so what a failing test says is what the command prints.
 */
import {
  AuthorizationVerdict, MatchedRule, RoutedBy, SimulatedAuthorization, SimulatedDestination, SimulatedFault,
  SimulatedRequest, SimulatedRoute,
} from './types';

/** A list of `k=v` in the order given. */
function pairs(map: { [key: string]: string } | undefined): string[] {
  return Object.entries(map ?? {}).map(([k, v]) => `${k}=${v}`);
}

/** The source of a request, when it says one: `from ns/workload`, `from namespace ns`, … */
function describeSource(request: SimulatedRequest): string | undefined {
  const s = request.source;
  if (!s) return undefined;
  const parts: string[] = [];
  if (s.workload !== undefined) parts.push(s.workload);
  if (s.namespace !== undefined) parts.push(`namespace ${s.namespace}`);
  if (s.labels && Object.keys(s.labels).length > 0) parts.push(`labels ${pairs(s.labels).join(',')}`);
  if (s.serviceAccount !== undefined) parts.push(`service account ${s.serviceAccount}`);
  if (s.principal !== undefined) parts.push(s.principal === '' ? 'no peer identity' : `principal ${s.principal}`);
  if (s.requestPrincipal !== undefined) parts.push(`request principal ${s.requestPrincipal}`);
  if (s.ip !== undefined) parts.push(`ip ${s.ip}`);
  return parts.length === 0 ? undefined : `from ${parts.join(', ')}`;
}

/**
 * A request in one line: `GET http://reviews:9080/path?k=v with end-user=jason from ns/workload through gateway ns/name`
 * (only what the request says).
 */
export function describeRequest(request: SimulatedRequest): string {
  const query = pairs(request.queryParams);
  const path = request.path ?? '/';
  const target = `${request.scheme ?? 'http'}://${request.host}${request.port !== undefined ? `:${request.port}` : ''}`
    + `${path}${query.length === 0 ? '' : `${path.includes('?') ? '&' : '?'}${query.join('&')}`}`;
  const parts = [`${request.method ?? 'GET'} ${target}`];
  const headers = pairs(request.headers);
  if (headers.length > 0) parts.push(`with ${headers.join(', ')}`);
  const source = describeSource(request);
  if (source) parts.push(source);
  if (request.gateway !== undefined) parts.push(`through gateway ${request.gateway}`);
  return parts.join(' ');
}

/** The section of a route kind that holds its rules. */
function rulesField(kind: string): string {
  return kind === 'VirtualService' ? 'http' : 'rules';
}

/** A matched rule: `VirtualService bookinfo/reviews http[0]` (with the rule's name and the match's index when known). */
export function describeRule(rule: MatchedRule): string {
  const name = rule.ruleName !== undefined ? ` (${rule.ruleName})` : '';
  const match = rule.matchIndex !== undefined ? `, match ${rule.matchIndex}` : '';
  return `${rule.kind} ${rule.namespace}/${rule.name} ${rulesField(rule.kind)}[${rule.index}]${name}${match}`;
}

/** What decided the route, as the subject of a sentence: `VirtualService ns/name http[0]`, `the default route` … */
export function describeRouter(route: SimulatedRoute): string {
  const at = route.gateway !== undefined ? ` at gateway ${route.gateway}` : '';
  if (route.rule) return `${describeRule(route.rule)}${at}`;
  if (route.routedBy === RoutedBy.DEFAULT) return `the default route (no route rule for the host)${at}`;
  return `no route rule${at}`;
}

/** A share in percent, without float noise: `90%`, `33.33%`. */
export function percent(value: number): string {
  return `${Number(value.toFixed(2))}%`;
}

/** A destination without its share: `reviews.bookinfo.svc.cluster.local subset v2 port 9080`. */
export function describeTarget(d: { host: string; subset?: string; port?: number }): string {
  return `${d.host}${d.subset !== undefined ? ` subset ${d.subset}` : ''}${d.port !== undefined ? ` port ${d.port}` : ''}`;
}

/** An authorization verdict: `allowed by ns/policy (reason)`, `denied: reason`. */
export function describeAuthorization(a: SimulatedAuthorization): string {
  const by = a.policy !== undefined ? ` by ${a.policy}` : '';
  return `${a.verdict}${by}: ${a.reason}`;
}

/** A destination with its share: `reviews.bookinfo.svc.cluster.local subset v1 port 9080: 90%`. */
export function describeDestination(d: SimulatedDestination): string {
  return `${describeTarget(d)}: ${percent(d.weight)}`;
}

/** The fault, in a line: `delay 7s (100%)`, `abort HTTP 500 (100%)`, both joined with `; `. */
export function describeFault(fault: SimulatedFault): string {
  const parts: string[] = [];
  if (fault.delay !== undefined) parts.push(`delay ${fault.delay} (${percent(fault.delayPercentage ?? 100)})`);
  if (fault.abortHttpStatus !== undefined) parts.push(`abort HTTP ${fault.abortHttpStatus} (${percent(fault.abortPercentage ?? 100)})`);
  if (fault.abortGrpcStatus !== undefined) parts.push(`abort gRPC ${fault.abortGrpcStatus} (${percent(fault.abortPercentage ?? 100)})`);
  return parts.join('; ');
}

/** Where the route sends requests, in one phrase: `reviews… subset v1 (90%), reviews… subset v3 (10%)`, or what the proxy answers. */
export function describeOutcome(route: SimulatedRoute): string {
  if (route.destinations.length > 0) {
    return route.destinations.map(d => `${describeTarget(d)} (${percent(d.weight)})`).join(', ');
  }
  if (route.redirect !== undefined) return `a redirect${route.status !== undefined ? ` (${route.status})` : ''} to ${route.redirect}`;
  if (route.status !== undefined) return `no destination: the proxy answers ${route.status}`;
  return 'no destination';
}

/**
 * A route in lines (without trailing newline): the rule, each destination with its share and
 * authorization, then the fault, timeout, retries, mirrors and caveats that apply.
 */
export function describeRoute(route: SimulatedRoute): string[] {
  const lines = [route.rule || route.routedBy === RoutedBy.DEFAULT ? `routed by ${describeRouter(route)}` : `not routed: ${describeRouter(route)} matches`];
  if (route.gatewayAuthorization) lines.push(`gateway authorization: ${describeAuthorization(route.gatewayAuthorization)}`);
  if (route.destinations.length === 0) lines.push(`  ${describeOutcome(route)}`);
  for (const d of route.destinations) {
    lines.push(`  -> ${describeDestination(d)}`);
    if (d.authorization) lines.push(`     authorization: ${describeAuthorization(d.authorization)}`);
  }
  if (route.fault) lines.push(`fault: ${describeFault(route.fault)}`);
  if (route.timeout !== undefined) lines.push(`timeout: ${route.timeout}`);
  if (route.retries) {
    const r = route.retries;
    const details = [
      `${r.attempts} attempts`,
      ...(r.perTryTimeout !== undefined ? [`${r.perTryTimeout} per try`] : []),
      ...(r.retryOn !== undefined ? [`on ${r.retryOn}`] : []),
    ].join(', ');
    lines.push(`retries: ${details}${r.meshDefault ? " (Istio's default)" : ''}`);
  }
  for (const m of route.mirrors ?? []) lines.push(`mirror: ${describeTarget(m)} (${percent(m.percentage)})`);
  for (const c of route.caveats) lines.push(`caveat: ${c}`);
  return lines;
}

/**
 * The authorization verdict of a whole route: the gateway's (for a request entering through one)
 * and every destination's, `allowed` where no policy applies; none when nothing is routed.
 */
export function routeVerdict(route: SimulatedRoute): AuthorizationVerdict | undefined {
  if (route.gatewayAuthorization?.verdict === AuthorizationVerdict.DENIED) return AuthorizationVerdict.DENIED;
  if (route.destinations.length === 0) return undefined;
  const verdicts = [
    ...(route.gatewayAuthorization ? [route.gatewayAuthorization.verdict] : []),
    ...route.destinations.map(d => d.authorization?.verdict ?? AuthorizationVerdict.ALLOWED),
  ];
  if (verdicts.every(v => v === AuthorizationVerdict.ALLOWED)) return AuthorizationVerdict.ALLOWED;
  if (verdicts.every(v => v === AuthorizationVerdict.DENIED)) return AuthorizationVerdict.DENIED;
  return AuthorizationVerdict.DEPENDS;
}
