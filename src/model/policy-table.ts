import { IMeshHost } from '../interfaces/mesh-host';
import { policyValueProblems } from '../private/policy-values';
import { num, optional, shape, str, typeProblems } from '../private/props';
import { TRAFFIC_POLICY } from '../private/schemas';
import { integerProblem, listOf } from '../private/validation';
import { PolicyScope, TrafficPolicy } from '../traffic-policy';

const SCOPE = shape({ version: optional(str), port: optional(num) });

/** The traffic policy fields, in the order Istio's DestinationRule lists them. */
export const FIELDS = ['loadBalancer', 'tls', 'connectionPool', 'outlierDetection'] as const;
export type Field = typeof FIELDS[number];

/** A value a user gave, with the scope it was given for and its source. */
export interface EffectiveEntry<F extends Field> {
  readonly scope: PolicyScope;
  readonly value: NonNullable<TrafficPolicy[F]>;
  readonly source: string;
}

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
 * naming both sources. The Istio backend renders it (render/istio/traffic-policy.ts).
 */
export class PolicyTable {
  private readonly entries: Entry[] = [];
  private tlsFallback?: (port: number) => TrafficPolicy['tls'] | undefined;

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

  /**
   * The client TLS the library gives a port that no scope sets it for (see `derivedClientTls` in
   * model/mtls.ts), read at synthesis.
   */
  public setTlsFallback(fallback: (port: number) => TrafficPolicy['tls'] | undefined): void {
    this.tlsFallback = fallback;
  }

  /** The effective value of a field for a scope, with Istio's precedence (most specific first). */
  public effective<F extends Field>(field: F, scope: PolicyScope): TrafficPolicy[F] | undefined {
    const found = this.effectiveEntry(field, scope);
    if (found) {
      return found.value;
    }
    return field === 'tls' && scope.port !== undefined ? this.tlsFallback?.(scope.port) as TrafficPolicy[F] : undefined;
  }

  /** The value a user gave that is effective for a field and a scope, with its scope and source. */
  public effectiveEntry<F extends Field>(field: F, scope: PolicyScope): EffectiveEntry<F> | undefined {
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
        return { scope: e!.scope, value: v.value as NonNullable<TrafficPolicy[F]>, source: v.source };
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

  /** The settings of exactly one scope (no inheritance), if any were added for it. */
  public own(scope: PolicyScope): { [F in Field]?: TrafficPolicy[F] } | undefined {
    const e = this.entries.find(x => x.scope.version === scope.version && x.scope.port === scope.port);
    return e && Object.fromEntries(FIELDS.filter(f => e.values[f] !== undefined).map(f => [f, e.values[f]!.value]));
  }

  /**
   * The ports that have settings of their own for `version` (undefined: the host level, where the
   * ports with a derived client TLS also count), in port order.
   */
  public portsWithSettings(version: string | undefined): number[] {
    const own = this.entries.filter(e => e.scope.version === version && e.scope.port !== undefined).map(e => e.scope.port!);
    const derived = version === undefined && this.tlsFallback
      ? this.owner.portNumbers.filter(p => this.effectiveEntry('tls', { port: p }) === undefined && this.tlsFallback!(p) !== undefined)
      : [];
    return [...new Set([...own, ...derived])].sort((a, b) => a - b);
  }
}
