/**
 * A host's policy table as the traffic policies of its Istio DestinationRule.
 */
import { Duration } from 'cdk8s';
import { ConnectionPool } from '../../connection-pool';
import {
  DestinationRuleSpecSubsetsTrafficPolicy,
  DestinationRuleSpecTrafficPolicy,
  DestinationRuleSpecTrafficPolicyConnectionPool,
  DestinationRuleSpecTrafficPolicyConnectionPoolHttpH2UpgradePolicy,
  DestinationRuleSpecTrafficPolicyOutlierDetection,
  DestinationRuleSpecTrafficPolicyPortLevelSettings,
} from '../../imports/networking.istio.io';
import { Field, PolicyTable } from '../../model/policy-table';
import { OutlierDetection } from '../../outlier-detection';
import { toIstioDuration } from '../../private/duration';
import { TrafficPolicy } from '../../traffic-policy';

/** The DestinationRule's top-level traffic policy of a host's policy table. */
export function renderTopPolicy(table: PolicyTable): DestinationRuleSpecTrafficPolicy | undefined {
  return renderLevel(table, undefined);
}

/** A subset's traffic policy. */
export function renderSubsetPolicy(table: PolicyTable, version: string): DestinationRuleSpecSubsetsTrafficPolicy | undefined {
  // the subset-level schema is the top-level one under another name: same fields, same values
  return renderLevel(table, version) as unknown as DestinationRuleSpecSubsetsTrafficPolicy | undefined;
}

function renderLevel(table: PolicyTable, version: string | undefined): DestinationRuleSpecTrafficPolicy | undefined {
  const base = table.own({ version });
  const ports = table.portsWithSettings(version);
  if (!base && ports.length === 0) {
    return undefined;
  }
  const own = <F extends Field>(field: F) => base?.[field] as TrafficPolicy[F] | undefined;
  return {
    ...renderFields(own),
    // Istio does not inherit into portLevelSettings: a port's settings replace the enclosing
    // ones wholesale, and omitted fields fall back to Envoy's defaults. Write the inherited
    // values out, so that a port-level refinement (a CircuitBreaker on one port) keeps the
    // host's or version's load balancer, TLS and outlier detection.
    portLevelSettings: ports.length > 0
      ? ports.map(port => ({
        port: { number: port },
        ...renderFields(field => table.effective(field, { version, port })),
      }) as DestinationRuleSpecTrafficPolicyPortLevelSettings)
      : undefined,
  };
}

/** The four policy fields of one level, rendered (every level shares the top level's shapes). */
function renderFields(value: <F extends Field>(field: F) => TrafficPolicy[F] | undefined): Omit<DestinationRuleSpecTrafficPolicy, 'portLevelSettings'> {
  const loadBalancer = value('loadBalancer');
  const tls = value('tls');
  const connectionPool = value('connectionPool');
  const outlierDetection = value('outlierDetection');
  return {
    loadBalancer: loadBalancer?._toIstio(),
    tls: tls?._toIstio(),
    connectionPool: connectionPool && renderConnectionPool(connectionPool),
    outlierDetection: outlierDetection && renderOutlier(outlierDetection),
  };
}

const d = (x: Duration | undefined) => x && toIstioDuration(x);

function renderConnectionPool(p: ConnectionPool): DestinationRuleSpecTrafficPolicyConnectionPool {
  return {
    tcp: p.tcp && {
      maxConnections: p.tcp.maxConnections,
      connectTimeout: d(p.tcp.connectTimeout),
      tcpKeepalive: p.tcp.tcpKeepalive && {
        time: d(p.tcp.tcpKeepalive.time),
        interval: d(p.tcp.tcpKeepalive.interval),
        probes: p.tcp.tcpKeepalive.probes,
      },
      maxConnectionDuration: d(p.tcp.maxConnectionDuration),
      idleTimeout: d(p.tcp.idleTimeout),
    },
    http: p.http && {
      http1MaxPendingRequests: p.http.http1MaxPendingRequests,
      http2MaxRequests: p.http.http2MaxRequests,
      maxRequestsPerConnection: p.http.maxRequestsPerConnection,
      maxRetries: p.http.maxRetries,
      idleTimeout: d(p.http.idleTimeout),
      h2UpgradePolicy: p.http.h2UpgradePolicy as string as DestinationRuleSpecTrafficPolicyConnectionPoolHttpH2UpgradePolicy | undefined,
      useClientProtocol: p.http.useClientProtocol,
      maxConcurrentStreams: p.http.maxConcurrentStreams,
    },
  };
}

function renderOutlier(o: OutlierDetection): DestinationRuleSpecTrafficPolicyOutlierDetection {
  return {
    // the generated binding spells Istio's `consecutive5xxErrors` this way
    consecutive5XxErrors: o.consecutive5xxErrors,
    consecutiveGatewayErrors: o.consecutiveGatewayErrors,
    consecutiveLocalOriginFailures: o.consecutiveLocalOriginFailures,
    splitExternalLocalOriginErrors: o.splitExternalLocalOriginErrors,
    interval: d(o.interval),
    baseEjectionTime: d(o.baseEjectionTime),
    maxEjectionPercent: o.maxEjectionPercent,
    minHealthPercent: o.minHealthPercent,
  };
}

