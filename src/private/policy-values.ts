import { H2UpgradePolicy } from '../connection-pool';
import { TrafficPolicy } from '../traffic-policy';
import { optionalDurationProblem } from './duration';
import { integerProblem } from './validation';

const INT32 = 2_147_483_647;

const wholePercent = (prop: string, v: number | undefined) => integerProblem(prop, v, 0, 100);

/** Value problems of a traffic policy, each naming its property. */
export function policyValueProblems(p: TrafficPolicy): Array<string | undefined> {
  const tcp = p.connectionPool?.tcp;
  const http = p.connectionPool?.http;
  const o = p.outlierDetection;
  return [
    ...(p.loadBalancer?._problems() ?? []),
    ...(p.tls?._problems() ?? []),
    p.connectionPool !== undefined && tcp === undefined && http === undefined ? "'connectionPool' needs 'tcp', 'http' or both" : undefined,
    integerProblem('connectionPool.tcp.maxConnections', tcp?.maxConnections, 1, INT32),
    optionalDurationProblem('connectionPool.tcp.connectTimeout', tcp?.connectTimeout),
    optionalDurationProblem('connectionPool.tcp.maxConnectionDuration', tcp?.maxConnectionDuration),
    optionalDurationProblem('connectionPool.tcp.idleTimeout', tcp?.idleTimeout),
    optionalDurationProblem('connectionPool.tcp.tcpKeepalive.time', tcp?.tcpKeepalive?.time),
    optionalDurationProblem('connectionPool.tcp.tcpKeepalive.interval', tcp?.tcpKeepalive?.interval),
    integerProblem('connectionPool.tcp.tcpKeepalive.probes', tcp?.tcpKeepalive?.probes, 1, INT32),
    integerProblem('connectionPool.http.http1MaxPendingRequests', http?.http1MaxPendingRequests, 1, INT32),
    integerProblem('connectionPool.http.http2MaxRequests', http?.http2MaxRequests, 1, INT32),
    integerProblem('connectionPool.http.maxRequestsPerConnection', http?.maxRequestsPerConnection, 1, 536_870_912),
    integerProblem('connectionPool.http.maxRetries', http?.maxRetries, 1, INT32),
    integerProblem('connectionPool.http.maxConcurrentStreams', http?.maxConcurrentStreams, 1, INT32),
    optionalDurationProblem('connectionPool.http.idleTimeout', http?.idleTimeout),
    http?.useClientProtocol && http.h2UpgradePolicy === H2UpgradePolicy.UPGRADE
      ? "'connectionPool.http.useClientProtocol' must not be true with 'h2UpgradePolicy' UPGRADE: the caller's protocol cannot be kept and upgraded at once" : undefined,
    integerProblem('outlierDetection.consecutive5xxErrors', o?.consecutive5xxErrors, 0, INT32),
    integerProblem('outlierDetection.consecutiveGatewayErrors', o?.consecutiveGatewayErrors, 0, INT32),
    integerProblem('outlierDetection.consecutiveLocalOriginFailures', o?.consecutiveLocalOriginFailures, 0, INT32),
    o?.consecutiveLocalOriginFailures !== undefined && !o.splitExternalLocalOriginErrors
      ? "'outlierDetection.consecutiveLocalOriginFailures' only applies with 'splitExternalLocalOriginErrors: true'" : undefined,
    optionalDurationProblem('outlierDetection.interval', o?.interval),
    optionalDurationProblem('outlierDetection.baseEjectionTime', o?.baseEjectionTime),
    wholePercent('outlierDetection.maxEjectionPercent', o?.maxEjectionPercent),
    wholePercent('outlierDetection.minHealthPercent', o?.minHealthPercent),
    o !== undefined && Object.values(o).every(v => v === undefined) ? "'outlierDetection' is empty: give at least one setting" : undefined,
  ];
}


