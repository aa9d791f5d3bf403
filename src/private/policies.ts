import { Duration } from 'cdk8s';
import {
  DestinationRuleSpecSubsetsTrafficPolicy,
  DestinationRuleSpecTrafficPolicy,
  DestinationRuleSpecTrafficPolicyConnectionPool,
  DestinationRuleSpecTrafficPolicyConnectionPoolHttpH2UpgradePolicy,
  DestinationRuleSpecTrafficPolicyOutlierDetection,
  DestinationRuleSpecTrafficPolicyPortLevelSettings,
} from '../imports/networking.istio.io';
import { ConnectionPool, H2UpgradePolicy, OutlierDetection, PolicyScope, TrafficPolicy } from '../traffic-policy';
import { durationProblem, toIstioDuration } from './duration';
import { num, optional, shape, str, typeProblems } from './props';
import { TRAFFIC_POLICY } from './schemas';
import { integerProblem, listOf } from './validation';
import { IMeshHost } from '../interfaces/mesh-host';

const SCOPE = shape({ version: optional(str), port: optional(num) });


const INT32 = 2_147_483_647;
const FIELDS = ['loadBalancer', 'tls', 'connectionPool', 'outlierDetection'] as const;
type Field = typeof FIELDS[number];

interface Entry {
  readonly scope: PolicyScope;
  readonly values: { [F in Field]?: { value: NonNullable<TrafficPolicy[F]>; source: string } };
}

/** Describes a scope for messages: `host 'reviews'`, `version 'v1'`, `port 9080 of version 'v1'`. */
export function describeScope(host: string, scope: PolicyScope): string {
  if (scope.version !== undefined && scope.port !== undefined) {
    return `port ${scope.port} of version '${scope.version}'`;
  }
  if (scope.version !== undefined) {
    return `version '${scope.version}'`;
  }
  if (scope.port !== undefined) {
    return `port ${scope.port}`;
  }
  return `host '${host}'`;
}

/**
 * Every traffic policy of one host, by scope (host, version, port, port of a version), merged
 * into its single DestinationRule. One value per field and scope: a second one is an error
 * naming both sources.
 */
export class PolicyTable {
  private readonly entries: Entry[] = [];

  public constructor(private readonly owner: IMeshHost) {}

  public get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** Adds policy fields for a scope; throws on value problems and conflicts. */
  public add(scope: PolicyScope, policy: TrafficPolicy, source: string): void {
    const types = [...typeProblems(policy, TRAFFIC_POLICY, '', 'policy'), ...typeProblems(scope, SCOPE, '', 'scope')];
    if (types.length > 0) {
      throw new Error(types.map(p => `[${source}] ${p}`).join('\n'));
    }
    const where = describeScope(this.owner.name, scope);
    const problems = [
      integerProblem('port', scope.port, 1, 65535),
      FIELDS.every(f => policy[f] === undefined)
        ? "a traffic policy needs 'loadBalancer', 'tls', 'connectionPool' or 'outlierDetection' (Istio rejects an empty one)" : undefined,
      ...policyValueProblems(policy),
    ].filter((p): p is string => p !== undefined);
    let entry = this.entries.find(e => e.scope.version === scope.version && e.scope.port === scope.port);
    for (const field of FIELDS) {
      const existing = entry?.values[field];
      if (policy[field] !== undefined && existing !== undefined) {
        problems.push(`'${field}' of ${where} is already set by ${existing.source}`);
      }
    }
    if (problems.length > 0) {
      throw new Error(problems.map(p => `[${source}] ${p}`).join('\n'));
    }
    if (!entry) {
      entry = { scope: { version: scope.version, port: scope.port }, values: {} };
      this.entries.push(entry);
    }
    for (const field of FIELDS) {
      if (policy[field] !== undefined) {
        (entry.values as any)[field] = { value: policy[field], source };
      }
    }
  }

  /** The effective value of a field for a scope, with Istio's precedence (most specific first). */
  public effective<F extends Field>(field: F, scope: PolicyScope): TrafficPolicy[F] | undefined {
    const chain: PolicyScope[] = [
      scope,
      { version: scope.version },
      { port: scope.port },
      {},
    ];
    for (const s of chain) {
      const e = this.entries.find(x => x.scope.version === s.version && x.scope.port === s.port);
      const v = e?.values[field];
      if (v !== undefined) {
        return v.value as TrafficPolicy[F];
      }
    }
    return undefined;
  }

  /** Every field value with its scope and source. */
  public all(): Array<{ scope: PolicyScope; field: Field; value: any; source: string }> {
    return this.entries.flatMap(e => FIELDS.filter(f => e.values[f] !== undefined)
      .map(f => ({ scope: e.scope, field: f, value: e.values[f]!.value, source: e.values[f]!.source })));
  }

  /** Cross-object problems: undeclared versions and ports, failover without outlier detection. */
  public validate(): string[] {
    const problems: string[] = [];
    for (const e of this.entries) {
      const sources = [...new Set(Object.values(e.values).map(v => v!.source))].join(', ');
      if (e.scope.version !== undefined && !this.owner.versionNames.includes(e.scope.version)) {
        problems.push(`traffic policy from ${sources}: version '${e.scope.version}' is not declared on '${this.owner.name}' (declared: ${listOf(this.owner.versionNames)})`);
      }
      if (e.scope.port !== undefined && this.owner.portNumbers.length > 0 && !this.owner.portNumbers.includes(e.scope.port)) {
        problems.push(`traffic policy from ${sources}: port ${e.scope.port} is not a port of '${this.owner.name}' (ports: ${listOf(this.owner.portNumbers.map(String))})`);
      }
      const lb = e.values.loadBalancer;
      if (lb && (lb.value.locality?.failover ?? []).length + (lb.value.locality?.failoverPriority ?? []).length > 0
        && this.effective('outlierDetection', e.scope) === undefined) {
        problems.push(`locality failover from ${lb.source} needs outlier detection for ${describeScope(this.owner.name, e.scope)}: without it Istio never sees endpoints as unhealthy (add a CircuitBreaker with 'outlierDetection')`);
      }
    }
    return problems;
  }

  /** The DestinationRule's top-level traffic policy. */
  public renderTop(): DestinationRuleSpecTrafficPolicy | undefined {
    return this.render(undefined);
  }

  /** A subset's traffic policy. */
  public renderSubset(version: string): DestinationRuleSpecSubsetsTrafficPolicy | undefined {
    // the subset-level schema is the top-level one under another name: same fields, same values
    return this.render(version) as unknown as DestinationRuleSpecSubsetsTrafficPolicy | undefined;
  }

  private render(version: string | undefined): DestinationRuleSpecTrafficPolicy | undefined {
    const base = this.entries.find(e => e.scope.version === version && e.scope.port === undefined);
    const ports = this.entries.filter(e => e.scope.version === version && e.scope.port !== undefined)
      .sort((a, b) => a.scope.port! - b.scope.port!);
    if (!base && ports.length === 0) {
      return undefined;
    }
    const own = <F extends Field>(field: F) => base?.values[field]?.value as TrafficPolicy[F] | undefined;
    return {
      ...renderFields(own),
      // Istio does not inherit into portLevelSettings: a port's settings replace the enclosing
      // ones wholesale, and omitted fields fall back to Envoy's defaults. Write the inherited
      // values out, so that a port-level refinement (a CircuitBreaker on one port) keeps the
      // host's or version's load balancer, TLS and outlier detection.
      portLevelSettings: ports.length > 0
        ? ports.map(p => ({
          port: { number: p.scope.port },
          ...renderFields(field => this.effective(field, p.scope)),
        }) as DestinationRuleSpecTrafficPolicyPortLevelSettings)
        : undefined,
    };
  }
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

const durationIf = (prop: string, x: Duration | undefined) => x === undefined ? undefined : durationProblem(prop, x);
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
    durationIf('connectionPool.tcp.connectTimeout', tcp?.connectTimeout),
    durationIf('connectionPool.tcp.maxConnectionDuration', tcp?.maxConnectionDuration),
    durationIf('connectionPool.tcp.idleTimeout', tcp?.idleTimeout),
    durationIf('connectionPool.tcp.tcpKeepalive.time', tcp?.tcpKeepalive?.time),
    durationIf('connectionPool.tcp.tcpKeepalive.interval', tcp?.tcpKeepalive?.interval),
    integerProblem('connectionPool.tcp.tcpKeepalive.probes', tcp?.tcpKeepalive?.probes, 1, INT32),
    integerProblem('connectionPool.http.http1MaxPendingRequests', http?.http1MaxPendingRequests, 1, INT32),
    integerProblem('connectionPool.http.http2MaxRequests', http?.http2MaxRequests, 1, INT32),
    integerProblem('connectionPool.http.maxRequestsPerConnection', http?.maxRequestsPerConnection, 1, 536_870_912),
    integerProblem('connectionPool.http.maxRetries', http?.maxRetries, 1, INT32),
    integerProblem('connectionPool.http.maxConcurrentStreams', http?.maxConcurrentStreams, 1, INT32),
    durationIf('connectionPool.http.idleTimeout', http?.idleTimeout),
    http?.useClientProtocol && http.h2UpgradePolicy === H2UpgradePolicy.UPGRADE
      ? "'connectionPool.http.useClientProtocol' must not be true with 'h2UpgradePolicy' UPGRADE: the caller's protocol cannot be kept and upgraded at once" : undefined,
    integerProblem('outlierDetection.consecutive5xxErrors', o?.consecutive5xxErrors, 0, INT32),
    integerProblem('outlierDetection.consecutiveGatewayErrors', o?.consecutiveGatewayErrors, 0, INT32),
    integerProblem('outlierDetection.consecutiveLocalOriginFailures', o?.consecutiveLocalOriginFailures, 0, INT32),
    o?.consecutiveLocalOriginFailures !== undefined && !o.splitExternalLocalOriginErrors
      ? "'outlierDetection.consecutiveLocalOriginFailures' only applies with 'splitExternalLocalOriginErrors: true'" : undefined,
    durationIf('outlierDetection.interval', o?.interval),
    durationIf('outlierDetection.baseEjectionTime', o?.baseEjectionTime),
    wholePercent('outlierDetection.maxEjectionPercent', o?.maxEjectionPercent),
    wholePercent('outlierDetection.minHealthPercent', o?.minHealthPercent),
    o !== undefined && Object.values(o).every(v => v === undefined) ? "'outlierDetection' is empty: give at least one setting" : undefined,
  ];
}


