/**
 * An HTTP route's timeouts and retries as an HTTPRoute rule's `timeouts` and `retry`: durations
 * as GEP-2257 writes them, the backend request timeout within the request timeout, and retries
 * on status codes only.
 */
import { Duration } from 'cdk8s';
import { duplicates, gatewayDurationProblem, pushIf, toGatewayDuration, unsupported, unsupportedInStandardChannel } from './values';
import { GatewayApiChannel } from '../../gateway-api-channel';
import { HttpRouteOptions } from '../../http-route';
import { HttpRouteSpecRulesRetry, HttpRouteSpecRulesTimeouts } from '../../imports/gateway.networking.k8s.io';
import { Stored } from '../../model/route-table';
import { durationProblem } from '../../private/duration';

/** `timeout` is the request timeout; `retries.perTryTimeout` the timeout of each backend request. */
export function convertTimeouts(o: HttpRouteOptions, problems: string[]): HttpRouteSpecRulesTimeouts | undefined {
  const request = o.timeout;
  const backendRequest = o.retries?.perTryTimeout;
  const checked = (prop: string, d: Duration | undefined) => {
    if (d !== undefined && durationProblem(prop, d) === undefined) {
      pushIf(problems, gatewayDurationProblem(prop, d));
    }
  };
  checked('timeout', request);
  checked('retries.perTryTimeout', backendRequest);
  if (request !== undefined && backendRequest !== undefined
    && backendRequest.toMilliseconds({ integral: false }) > request.toMilliseconds({ integral: false })) {
    problems.push(`'retries.perTryTimeout' (${toGatewayDuration(backendRequest)}) must not be longer than 'timeout' (${toGatewayDuration(request)}) in the Gateway API, whose backend request timeout is part of the request timeout`);
  }
  if (request === undefined && backendRequest === undefined) {
    return undefined;
  }
  return {
    request: request && toGatewayDuration(request),
    backendRequest: backendRequest && toGatewayDuration(backendRequest),
  };
}

/** Retries: attempts and status codes; Envoy's retry conditions have no Gateway API form. */
export function convertRetry(o: HttpRouteOptions, problems: string[]): HttpRouteSpecRulesRetry | undefined {
  const r = o.retries;
  if (!r) {
    return undefined;
  }
  if (r.retryOn !== undefined) {
    problems.push(unsupported('retry conditions', 'retries.retryOn', "an HTTPRoute retries on the status codes it lists: use 'retryOnStatusCodes'"));
  }
  if (r.retryRemoteLocalities) {
    problems.push(unsupported('retries in other localities', 'retries.retryRemoteLocalities', 'an HTTPRoute retry has no locality setting: leave it out'));
  }
  if (r.attempts === 0) {
    problems.push(unsupported('turning retries off', 'retries.attempts',
      "an HTTPRoute's 'retry.attempts' is at least 1, and a rule without 'retry' gets the implementation's default retries: give 1 or more attempts"));
  }
  const codes = r.retryOnStatusCodes ?? [];
  codes.forEach((c, i) => {
    if (Number.isInteger(c) && (c < 400 || c > 599)) {
      problems.push(`'retries.retryOnStatusCodes[${i}]' must be between 400 and 599 in the Gateway API, got ${c}`);
    }
  });
  problems.push(...duplicates('retries.retryOnStatusCodes', codes.map(String), "the Gateway API's 'retry.codes' is a set"));
  return { attempts: r.attempts, codes: codes.length > 0 ? [...codes] : undefined };
}

/**
 * Routes with `retries` in the standard channel: HTTPRoute `retry` is experimental before Gateway
 * API v1.7, so the standard CRDs reject it (or prune it, without strict validation), and leaving it
 * out would give the implementation's default retries instead of the route's.
 */
export function retryChannelProblems(routes: ReadonlyArray<Stored<HttpRouteOptions>>, channel: GatewayApiChannel): string[] {
  if (channel !== GatewayApiChannel.STANDARD) {
    return [];
  }
  return routes.filter(r => r.options.retries !== undefined).map(r => `${r.label}: ${unsupportedInStandardChannel('retries', 'retries',
    "HTTPRoute 'retry' is experimental before Gateway API v1.7, and a rule without it gets the implementation's default retries; "
    + 'give the mesh gatewayApiChannel GatewayApiChannel.EXPERIMENTAL (with the experimental CRDs installed), or leave \'retries\' out')}`);
}
