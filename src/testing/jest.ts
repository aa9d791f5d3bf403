/**
 * Jest matchers on the routing simulator, for users' own test suites:
 *
 * ```ts fixture=jest
 * import 'cdk8s-mesh/lib/testing/jest-setup'; // or expect.extend(meshMatchers) with meshMatchers from 'cdk8s-mesh/lib/testing/jest'
 *
 * expect(chart).toRoute({ host: 'reviews', headers: { 'end-user': 'jason' } }, { to: 'reviews', subset: 'v2' });
 * expect(chart).toSplit({ host: 'reviews' }, [{ to: 'reviews', subset: 'v1', weight: 90 }, { to: 'reviews', subset: 'v3', weight: 10 }]);
 * ```
 *
 * Not part of the jsii assembly (jsii cannot express matchers) and not imported by the package's
 * index: only a test suite that imports this module loads it. It imports nothing of jest at run
 * time; the `declare global` below adds the matchers to `@types/jest`'s `expect` for TypeScript.
 */
import { simulatorOf } from './received';
import {
  describeRequest, describeRoute, describeTarget, percent, routeVerdict,
} from '../analysis/simulate/route-text';
import { AuthorizationVerdict, SimulatedDestination, SimulatedRequest, SimulatedRoute } from '../analysis/simulate/types';

/** Where a request is expected to go: a service (its name, `namespace/name` or host), and optionally a subset and port. */
export interface RouteTarget {
  /**
   * The destination: a service name (`reviews`, `reviews.bookinfo`, `reviews.bookinfo.svc`), its
   * `namespace/name`, or the host as routed (`reviews.bookinfo.svc.cluster.local`, `www.googleapis.com`).
   */
  readonly to: string;
  /** The DestinationRule subset. @default - any subset (or none) */
  readonly subset?: string;
  /** The destination port. @default - any port */
  readonly port?: number;
}

/** One share of a weighted split. */
export interface RouteShare extends RouteTarget {
  /** The share, in percent. */
  readonly weight: number;
}

/** An expected injected delay. */
export interface ExpectedDelay {
  /** The delay, as a duration (`7s`, `500ms`, `1m30s`). @default - any delay */
  readonly delay?: string;
  /** The share of requests delayed, in percent. @default - any share */
  readonly percentage?: number;
}

/** An expected injected abort. */
export interface ExpectedAbort {
  /** @default - any HTTP status (or a gRPC one) */
  readonly httpStatus?: number;
  /** @default - any gRPC status (or an HTTP one) */
  readonly grpcStatus?: string;
  /** The share of requests aborted, in percent. @default - any share */
  readonly percentage?: number;
}

/** An expected denial. */
export interface ExpectedDenial {
  /** The AuthorizationPolicy that denies, `namespace/name`. @default - any policy, or none allowing */
  readonly policy?: string;
}

/** What a matcher returns to jest. */
export interface MeshMatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** What jest binds `this` to in a matcher (only what these matchers use). */
export interface MeshMatcherContext {
  readonly isNot?: boolean;
}

/** Shares equal within this much (percent): a third is 33.33… however it was computed. */
const SHARE_TOLERANCE = 0.01;

/** The names a destination goes by: its host, its service's `namespace/name` and name, and a service host's short forms. */
function namesOf(d: { host: string; service?: string }): string[] {
  const names = [d.host];
  if (d.service !== undefined) names.push(d.service, d.service.split('/')[1]);
  // reviews, reviews.bookinfo and reviews.bookinfo.svc for reviews.bookinfo.svc.cluster.local
  const svc = /^([^.]+)\.([^.]+)\.svc\./.exec(d.host);
  if (svc) names.push(svc[1], `${svc[1]}.${svc[2]}`, `${svc[1]}.${svc[2]}.svc`);
  return names;
}

/** Whether `d` is the destination `target` names. */
function isTarget(d: { host: string; service?: string; subset?: string; port?: number }, target: RouteTarget): boolean {
  const named = namesOf(d).includes(target.to);
  return named && (target.subset === undefined || d.subset === target.subset) && (target.port === undefined || d.port === target.port);
}

/** A target in words: `reviews subset v2 port 9080`. */
function describeExpected(target: RouteTarget): string {
  return describeTarget({ host: target.to, subset: target.subset, port: target.port });
}

/** The target given as a string or an object. */
function targetOf(to: RouteTarget | string): RouteTarget {
  return typeof to === 'string' ? { to } : to;
}

/** Go's durations (`7s`, `1.5s`, `1m30s`, `500ms`) in nanoseconds; undefined for anything else. */
export function durationNanos(text: string): number | undefined {
  const units: { [unit: string]: number } = { h: 3.6e12, m: 6e10, s: 1e9, ms: 1e6, us: 1e3, µs: 1e3, ns: 1 };
  const parts = text.match(/(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|us|µs|ns)/g);
  if (!parts || parts.join('') !== text) return undefined;
  return parts.reduce((sum, part) => {
    const [, n, unit] = /^([\d.]+)(.+)$/.exec(part)!;
    return sum + Number(n) * units[unit];
  }, 0);
}

/** Whether two durations are the same (`7s` and `7000ms`), or the same text when one is not a duration. */
function sameDuration(a: string, b: string): boolean {
  const [x, y] = [durationNanos(a), durationNanos(b)];
  return x !== undefined && y !== undefined ? x === y : a === b;
}

function sameShare(a: number, b: number): boolean {
  return Math.abs(a - b) < SHARE_TOLERANCE;
}

/**
 * The result of a matcher: the message says what was expected of the request and everything the
 * simulator found for it (the rule, the destinations with their shares and verdicts, the fault …).
 */
function result(
  context: MeshMatcherContext, pass: boolean, request: SimulatedRequest, expectation: string, route: SimulatedRoute,
): MeshMatcherResult {
  return {
    pass,
    message: () => [
      `expected ${describeRequest(request)} ${context.isNot ? 'not ' : ''}${expectation}, but it is`,
      ...describeRoute(route),
    ].join('\n'),
  };
}

function simulate(received: unknown, request: SimulatedRequest): SimulatedRoute {
  return simulatorOf(received).route(request);
}

/** `expect(x).toRoute(request, { to, subset?, port? })`: every request goes there (no split to anything else). */
function toRoute(this: MeshMatcherContext, received: unknown, request: SimulatedRequest, to: RouteTarget | string): MeshMatcherResult {
  const target = targetOf(to);
  const route = simulate(received, request);
  const pass = route.destinations.length > 0 && route.destinations.every(d => isTarget(d, target));
  return result(this, pass, request, `to go to ${describeExpected(target)}`, route);
}

/** The route's destinations grouped as the expected shares name them; undefined when one matches no share or two shares. */
function sharesOf(destinations: SimulatedDestination[], shares: RouteShare[]): number[] | undefined {
  const sums = shares.map(() => 0);
  for (const d of destinations) {
    const owners = shares.map((s, i) => isTarget(d, s) ? i : -1).filter(i => i >= 0);
    if (owners.length !== 1) return undefined;
    sums[owners[0]] += d.weight;
  }
  return sums;
}

/** `expect(x).toSplit(request, [{ to, subset?, port?, weight }, …])`: the request is split exactly so. */
function toSplit(this: MeshMatcherContext, received: unknown, request: SimulatedRequest, shares: RouteShare[]): MeshMatcherResult {
  if (!Array.isArray(shares) || shares.length === 0) {
    throw new Error('toSplit needs the expected shares: a non-empty array of { to, subset?, port?, weight }');
  }
  const route = simulate(received, request);
  const sums = sharesOf(route.destinations, shares);
  const pass = sums !== undefined && sums.every((sum, i) => sameShare(sum, shares[i].weight));
  const expectation = `to be split ${shares.map(s => `${describeExpected(s)} (${percent(s.weight)})`).join(', ')}`;
  return result(this, pass, request, expectation, route);
}

/** `expect(x).toDelay(request, { delay?, percentage? })`: the matched rule injects such a delay. */
function toDelay(this: MeshMatcherContext, received: unknown, request: SimulatedRequest, expected: ExpectedDelay = {}): MeshMatcherResult {
  const route = simulate(received, request);
  const fault = route.fault;
  const pass = fault?.delay !== undefined
    && (expected.delay === undefined || sameDuration(fault.delay, expected.delay))
    && (expected.percentage === undefined || sameShare(fault.delayPercentage ?? 100, expected.percentage));
  const by = expected.delay !== undefined ? ` by ${expected.delay}` : '';
  const share = expected.percentage !== undefined ? ` (${percent(expected.percentage)})` : '';
  return result(this, pass, request, `to be delayed${by}${share}`, route);
}

/** `expect(x).toAbort(request, { httpStatus?, grpcStatus?, percentage? })`: the matched rule injects such an abort. */
function toAbort(this: MeshMatcherContext, received: unknown, request: SimulatedRequest, expected: ExpectedAbort = {}): MeshMatcherResult {
  const route = simulate(received, request);
  const fault = route.fault;
  const aborts = fault !== undefined && (fault.abortHttpStatus !== undefined || fault.abortGrpcStatus !== undefined);
  const pass = aborts
    && (expected.httpStatus === undefined || fault.abortHttpStatus === expected.httpStatus)
    && (expected.grpcStatus === undefined || fault.abortGrpcStatus === expected.grpcStatus)
    && (expected.percentage === undefined || sameShare(fault.abortPercentage ?? 100, expected.percentage));
  const status = [
    ...(expected.httpStatus !== undefined ? [`HTTP ${expected.httpStatus}`] : []),
    ...(expected.grpcStatus !== undefined ? [`gRPC ${expected.grpcStatus}`] : []),
  ];
  const share = expected.percentage !== undefined ? ` (${percent(expected.percentage)})` : '';
  return result(this, pass, request, `to be aborted${status.length > 0 ? ` with ${status.join(' and ')}` : ''}${share}`, route);
}

/** `expect(x).toAllowRequest(request)`: routed somewhere, and every destination's proxy lets it in. */
function toAllowRequest(this: MeshMatcherContext, received: unknown, request: SimulatedRequest): MeshMatcherResult {
  const route = simulate(received, request);
  return result(this, routeVerdict(route) === AuthorizationVerdict.ALLOWED, request, 'to be allowed', route);
}

/** `expect(x).toDenyRequest(request, { policy? })`: routed somewhere, and every destination's proxy refuses it (by that policy). */
function toDenyRequest(this: MeshMatcherContext, received: unknown, request: SimulatedRequest, expected: ExpectedDenial = {}): MeshMatcherResult {
  const route = simulate(received, request);
  const deciding = route.gatewayAuthorization?.verdict === AuthorizationVerdict.DENIED
    ? [route.gatewayAuthorization.policy]
    : route.destinations.map(d => d.authorization?.policy);
  const pass = routeVerdict(route) === AuthorizationVerdict.DENIED
    && (expected.policy === undefined || deciding.every(policy => policy === expected.policy));
  return result(this, pass, request, `to be denied${expected.policy !== undefined ? ` by ${expected.policy}` : ''}`, route);
}

/**
 * `expect(x).toRespond(request, status)`: the proxy answers the request itself with that HTTP
 * status (404 when no rule matches, a redirect's 301/302…, a direct response), sending it nowhere.
 */
function toRespond(this: MeshMatcherContext, received: unknown, request: SimulatedRequest, status: number): MeshMatcherResult {
  if (!Number.isInteger(status)) throw new Error(`toRespond needs the expected HTTP status, got ${String(status)}`);
  const route = simulate(received, request);
  const pass = route.destinations.length === 0 && route.status === status;
  return result(this, pass, request, `to be answered ${status} by the proxy`, route);
}

/**
 * The mesh matchers, for `expect.extend(meshMatchers)`. Each takes what `expect` was given (a
 * cdk8s Chart or App, an array of manifests, a YAML file or directory path, or a RoutingSimulator)
 * and a request (`SimulatedRequest`: host, port, path, method, headers, query, source, gateway).
 */
export const meshMatchers = {
  toRoute,
  toSplit,
  toDelay,
  toAbort,
  toAllowRequest,
  toDenyRequest,
  toRespond,
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // the type parameters must be those of @types/jest's declaration
    // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> {
      /** Every such request goes to `to` (a service name, `namespace/name` or host; a string or `{ to, subset?, port? }`). */
      toRoute(request: SimulatedRequest, to: RouteTarget | string): R;
      /** Such requests are split exactly as `shares` say (`[{ to, subset?, port?, weight }, …]`, weights in percent). */
      toSplit(request: SimulatedRequest, shares: RouteShare[]): R;
      /** The matched rule injects a delay (of `delay`, for `percentage` of requests, when given). */
      toDelay(request: SimulatedRequest, expected?: ExpectedDelay): R;
      /** The matched rule injects an abort (with `httpStatus`/`grpcStatus`, for `percentage` of requests, when given). */
      toAbort(request: SimulatedRequest, expected?: ExpectedAbort): R;
      /** The request is routed, and Istio's authorization lets it in at every destination. */
      toAllowRequest(request: SimulatedRequest): R;
      /** The request is routed, and Istio's authorization refuses it at every destination (by `policy`, when given). */
      toDenyRequest(request: SimulatedRequest, expected?: ExpectedDenial): R;
      /** The proxy answers the request itself with `status` (404 without a matching rule, a redirect, a direct response). */
      toRespond(request: SimulatedRequest, status: number): R;
    }
  }
}
