/**
 * What a matched VirtualService HTTP rule does with a request, as Istio's route translation
 * (`pilot/pkg/networking/core/route`) has Envoy do it: a redirect or a direct response answers at
 * the proxy; otherwise the destinations get their shares, with the rule's fault, timeout, retries
 * and mirrors.
 *
 * - Retries: a rule without `retries` gets the mesh's default policy, Istio's unless the mesh config
 *   sets `defaultHttpRetryPolicy`: 2 attempts on `connect-failure,refused-stream,unavailable,
 *   cancelled,retriable-status-codes`; `attempts: 0` turns retries off; `retryOn` defaults to the
 *   same conditions.
 * - Timeout: none unless the rule sets one (Istio turns Envoy's 15 s default off).
 * - Faults and mirrors: a percentage as written, 100 when not given; a mirror of 0 % is dropped.
 */
import { DestinationTarget, simulateDestinations } from './destinations';
import { NormalizedRequest } from './request';
import { SimulatedFault, SimulatedMirror, SimulatedRetries, SimulatedRoute } from './types';
import { SimWorld } from './world';
import { asArray } from '../objects';

/** Istio's default HTTP retry policy (`retry.DefaultPolicy`). */
export const DEFAULT_RETRIES: SimulatedRetries = {
  attempts: 2,
  retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  meshDefault: true,
};

/** A percentage field (`{ value }`), or `fallback` when absent. */
function percent(p: any, fallback: number): number {
  return p !== null && typeof p === 'object' && typeof p.value === 'number' ? p.value : fallback;
}

export function retriesOf(rule: any): SimulatedRetries {
  const r = rule?.retries;
  if (r === undefined || r === null) return DEFAULT_RETRIES;
  const attempts = Number(r.attempts ?? 0);
  if (!(attempts > 0)) return { attempts: 0 };
  return {
    attempts,
    ...typeof r.perTryTimeout === 'string' ? { perTryTimeout: r.perTryTimeout } : {},
    retryOn: typeof r.retryOn === 'string' && r.retryOn !== '' ? r.retryOn : DEFAULT_RETRIES.retryOn,
  };
}

export function faultOf(rule: any, caveats: string[]): SimulatedFault | undefined {
  const f = rule?.fault;
  if (f === null || typeof f !== 'object') return undefined;
  const out: { -readonly [K in keyof SimulatedFault]: SimulatedFault[K] } = {};
  const delay = f.delay;
  if (delay && typeof delay === 'object') {
    if (typeof delay.fixedDelay === 'string') out.delay = delay.fixedDelay;
    else caveats.push('the fault delay is not a fixedDelay: not simulated');
    // the deprecated integer `percent` when no `percentage`
    out.delayPercentage = percent(delay.percentage, typeof delay.percent === 'number' ? delay.percent : 100);
  }
  const abort = f.abort;
  if (abort && typeof abort === 'object') {
    if (abort.httpStatus !== undefined) out.abortHttpStatus = Number(abort.httpStatus);
    if (typeof abort.grpcStatus === 'string') out.abortGrpcStatus = abort.grpcStatus;
    out.abortPercentage = percent(abort.percentage, 100);
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function mirrorsOf(rule: any): Array<DestinationTarget & { percentage: number }> {
  const out: Array<DestinationTarget & { percentage: number }> = [];
  const add = (d: any, p: number) => {
    if (!(p > 0) || typeof d?.host !== 'string') return;
    out.push({ host: d.host, namespace: '', subset: d.subset, port: d.port?.number, percentage: p });
  };
  if (rule?.mirror) {
    add(rule.mirror, rule.mirrorPercentage !== undefined ? percent(rule.mirrorPercentage, 100) : typeof rule.mirrorPercent === 'number' ? rule.mirrorPercent : 100);
  }
  for (const m of asArray(rule?.mirrors)) add(m?.destination, percent(m?.percentage, 100));
  return out;
}

/** The redirect's `Location`. */
function location(redirect: any, request: NormalizedRequest): string {
  const scheme = typeof redirect.scheme === 'string' ? redirect.scheme : request.scheme;
  const authority = typeof redirect.authority === 'string' ? redirect.authority : request.authority.replace(/:\d+$/, '');
  const port = typeof redirect.port === 'number' ? `:${redirect.port}` : '';
  const path = typeof redirect.uri === 'string' ? redirect.uri : request.path;
  return `${scheme}://${authority}${port}${path}`;
}

/** The part of the result a matched rule decides. */
export type RuleOutcome = Pick<SimulatedRoute, 'destinations' | 'status' | 'redirect' | 'fault' | 'timeout' | 'retries' | 'mirrors'>;

/**
 * What a rule does with the request. `namespace` and `exportTo` are those of the VirtualService
 * (its hosts resolve there); `destinationRequest` is the request as the destinations see it (from
 * the client, or from the gateway's pod).
 */
export function ruleOutcome(world: SimWorld, rule: any, namespace: string, exportTo: readonly string[], request: NormalizedRequest,
  destinationRequest: NormalizedRequest, proxyNamespace: string, caveats: string[]): RuleOutcome {
  const fault = faultOf(rule, caveats);
  if (rule?.redirect && typeof rule.redirect === 'object') {
    const status = Number(rule.redirect.redirectCode ?? 301);
    return { destinations: [], status, redirect: location(rule.redirect, request), ...fault ? { fault } : {} };
  }
  if (rule?.directResponse && typeof rule.directResponse === 'object') {
    return { destinations: [], status: Number(rule.directResponse.status), ...fault ? { fault } : {} };
  }
  const targets: DestinationTarget[] = asArray(rule?.route).filter(r => typeof r?.destination?.host === 'string').map(r => ({
    host: r.destination.host,
    namespace,
    subset: typeof r.destination.subset === 'string' && r.destination.subset !== '' ? r.destination.subset : undefined,
    port: r.destination.port?.number === undefined ? undefined : Number(r.destination.port.number),
    weight: r.weight === undefined ? undefined : Number(r.weight),
    exportTo,
  }));
  const destinations = simulateDestinations(world, targets, destinationRequest, proxyNamespace, caveats);
  const mirrors: SimulatedMirror[] = mirrorsOf(rule).map(m => {
    const resolved = world.resolveDestination(m.host, namespace, {
      subset: m.subset, port: m.port, exportTo, clientNamespace: proxyNamespace, requestPort: request.port,
    });
    const port = resolved.port !== undefined ? { port: resolved.port } : {};
    return { host: resolved.host, ...m.subset ? { subset: m.subset } : {}, ...port, percentage: m.percentage };
  });
  return {
    destinations,
    ...fault ? { fault } : {},
    ...typeof rule?.timeout === 'string' ? { timeout: rule.timeout } : {},
    retries: retriesOf(rule),
    ...mirrors.length > 0 ? { mirrors } : {},
  };
}
