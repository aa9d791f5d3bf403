import { Duration } from 'cdk8s';
import {
  DestinationRuleSpecTrafficPolicyLoadBalancer,
  DestinationRuleSpecTrafficPolicyLoadBalancerLocalityLbSetting,
  DestinationRuleSpecTrafficPolicyLoadBalancerSimple,
  DestinationRuleSpecTrafficPolicyTls,
  DestinationRuleSpecTrafficPolicyTlsMode,
} from './imports/networking.istio.io';
import { durationProblem, toIstioDuration } from './private/duration';

/**
 * Simple load-balancing algorithms (Istio's `LoadBalancerSettings.simple`).
 */
export enum LoadBalancerAlgorithm {
  /** Round robin over healthy hosts. */
  ROUND_ROBIN = 'ROUND_ROBIN',
  /** Power of two choices: the host with fewer active requests (Istio's default). */
  LEAST_REQUEST = 'LEAST_REQUEST',
  /** A random healthy host. */
  RANDOM = 'RANDOM',
  /** The address the caller asked for, with no load balancing. */
  PASSTHROUGH = 'PASSTHROUGH',
}

/**
 * Weighted distribution of traffic from one locality to others.
 */
export interface LocalityDistribution {
  /** Originating locality, `region/zone/subzone`, `*` allowed as the last part. */
  readonly from: string;
  /** Destination localities and their weights (integers 1–100 that add up to 100; Istio rejects 0). */
  readonly to: { [locality: string]: number };
}

/**
 * Failover from one region to another when the local endpoints are unhealthy.
 */
export interface LocalityFailover {
  /** The originating region. */
  readonly from: string;
  /** The region to fail over to. */
  readonly to: string;
}

/**
 * Locality-aware load balancing. `distribute` and `failover` exclude each other; failover needs
 * outlier detection on the same host (Istio ejects unhealthy endpoints only with it).
 */
export interface LocalityLoadBalancing {
  /** Explicit weighted distribution. @default - none */
  readonly distribute?: LocalityDistribution[];
  /** Region failover rules. @default - none */
  readonly failover?: LocalityFailover[];
  /** Ordered label keys for failover priority. @default - none */
  readonly failoverPriority?: string[];
  /** Turn locality load balancing on or off. @default - Istio's mesh default */
  readonly enabled?: boolean;
}

/**
 * Options shared by every load balancer.
 */
export interface LoadBalancerOptions {
  /** Locality-aware load balancing. @default - Istio's mesh default */
  readonly locality?: LocalityLoadBalancing;
}

/**
 * Options of consistent-hash (session affinity) load balancers.
 */
export interface ConsistentHashOptions extends LoadBalancerOptions {
  /** Minimum number of virtual nodes of the hash ring (at least 1). @default - Envoy's default (1024) */
  readonly minimumRingSize?: number;
}

/**
 * Options of cookie-based consistent hashing.
 */
export interface HashCookieOptions extends ConsistentHashOptions {
  /** Path of the cookie. @default - none */
  readonly path?: string;
  /** Lifetime of the cookie Envoy generates when the request has none. @default - no cookie is generated */
  readonly ttl?: Duration;
}

/**
 * A load-balancing policy. Use the static factories.
 */
export abstract class LoadBalancer {
  /** Round robin. */
  public static roundRobin(options: LoadBalancerOptions = {}): LoadBalancer {
    return new SimpleLoadBalancer(LoadBalancerAlgorithm.ROUND_ROBIN, options);
  }

  /** Least request (Istio's default). */
  public static leastRequest(options: LoadBalancerOptions = {}): LoadBalancer {
    return new SimpleLoadBalancer(LoadBalancerAlgorithm.LEAST_REQUEST, options);
  }

  /** Random. */
  public static random(options: LoadBalancerOptions = {}): LoadBalancer {
    return new SimpleLoadBalancer(LoadBalancerAlgorithm.RANDOM, options);
  }

  /** Passthrough: no load balancing. */
  public static passthrough(options: LoadBalancerOptions = {}): LoadBalancer {
    return new SimpleLoadBalancer(LoadBalancerAlgorithm.PASSTHROUGH, options);
  }

  /** Consistent hash on a request header. */
  public static consistentHashHeader(headerName: string, options: ConsistentHashOptions = {}): LoadBalancer {
    return new HashLoadBalancer('httpHeaderName', headerName, options);
  }

  /** Consistent hash on a cookie; with a `ttl`, Envoy generates the cookie when it is missing. */
  public static consistentHashCookie(cookieName: string, options: HashCookieOptions = {}): LoadBalancer {
    return new HashLoadBalancer('httpCookie', cookieName, options);
  }

  /** Consistent hash on the caller's IP address. */
  public static consistentHashSourceIp(options: ConsistentHashOptions = {}): LoadBalancer {
    return new HashLoadBalancer('useSourceIp', '', options);
  }

  /** Consistent hash on a query parameter. */
  public static consistentHashQueryParameter(parameterName: string, options: ConsistentHashOptions = {}): LoadBalancer {
    return new HashLoadBalancer('httpQueryParameterName', parameterName, options);
  }

  /** The algorithm, or `CONSISTENT_HASH`. */
  public abstract readonly algorithm: string;
  /** The locality settings, if any. */
  public abstract readonly locality?: LocalityLoadBalancing;

  /** @internal */
  public abstract _toIstio(): DestinationRuleSpecTrafficPolicyLoadBalancer;
  /** @internal */
  public abstract _problems(): string[];
}

class SimpleLoadBalancer extends LoadBalancer {
  public readonly locality?: LocalityLoadBalancing;
  public constructor(public readonly algorithm: LoadBalancerAlgorithm, options: LoadBalancerOptions) {
    super();
    this.locality = options.locality;
  }

  public _toIstio(): DestinationRuleSpecTrafficPolicyLoadBalancer {
    // our enum's values are Istio's wire values, as are the generated enum's
    return {
      simple: this.algorithm as string as DestinationRuleSpecTrafficPolicyLoadBalancerSimple,
      localityLbSetting: renderLocality(this.locality),
    };
  }

  public _problems(): string[] {
    return localityProblems(this.locality);
  }
}

class HashLoadBalancer extends LoadBalancer {
  public readonly algorithm = 'CONSISTENT_HASH';
  public readonly locality?: LocalityLoadBalancing;
  public constructor(private readonly key: string, private readonly name: string, private readonly options: HashCookieOptions) {
    super();
    this.locality = options.locality;
  }

  public _toIstio(): DestinationRuleSpecTrafficPolicyLoadBalancer {
    const o = this.options;
    const hashKey = this.key === 'httpCookie'
      ? { httpCookie: { name: this.name, path: o.path, ttl: o.ttl && toIstioDuration(o.ttl) } }
      : { [this.key]: this.key === 'useSourceIp' ? true : this.name };
    return {
      consistentHash: {
        ...hashKey,
        ringHash: o.minimumRingSize !== undefined ? { minimumRingSize: o.minimumRingSize } : undefined,
      },
      localityLbSetting: renderLocality(this.locality),
    };
  }

  public _problems(): string[] {
    const o = this.options;
    return [
      this.key !== 'useSourceIp' && this.name.trim() === '' ? `the consistent-hash ${this.key === 'httpCookie' ? 'cookie' : this.key === 'httpHeaderName' ? 'header' : 'query parameter'} name must not be empty` : undefined,
      o.minimumRingSize !== undefined && (!Number.isInteger(o.minimumRingSize) || o.minimumRingSize < 1 || o.minimumRingSize > 8_388_608)
        ? `'minimumRingSize' must be an integer between 1 and 8388608, got ${o.minimumRingSize}` : undefined,
      o.ttl !== undefined ? durationProblem('ttl', o.ttl) : undefined,
      ...localityProblems(this.locality),
    ].filter((p): p is string => p !== undefined);
  }
}

/**
 * Client TLS modes of a DestinationRule: how a sidecar connects to the destination.
 */
export enum ClientTlsMode {
  /** Plain text. */
  DISABLE = 'DISABLE',
  /** TLS originated by the sidecar (server authentication only). */
  SIMPLE = 'SIMPLE',
  /** Mutual TLS with certificates you provide. */
  MUTUAL = 'MUTUAL',
  /** Istio's mutual TLS with the workload's own certificates. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/**
 * Options of SIMPLE client TLS.
 */
export interface SimpleTlsOptions {
  /** File with CA certificates to verify the server. @default - the system's roots (or `credentialName`) */
  readonly caCertificates?: string;
  /** A Secret holding the CA certificate (gateways and sidecars with secret access). Excludes file options. @default - none */
  readonly credentialName?: string;
  /** SNI presented to the server. @default - the host name */
  readonly sni?: string;
  /** Accepted server identities. @default - any identity the CA vouches for */
  readonly subjectAltNames?: string[];
  /** Skip server certificate verification (not recommended). @default false */
  readonly insecureSkipVerify?: boolean;
}

/**
 * Options of MUTUAL client TLS: a client certificate and key, as files or as a Secret.
 */
export interface MutualTlsOptions extends SimpleTlsOptions {
  /** File with the client certificate. Required with `privateKey` unless `credentialName` is given. @default - none */
  readonly clientCertificate?: string;
  /** File with the client's private key. Required with `clientCertificate` unless `credentialName` is given. @default - none */
  readonly privateKey?: string;
}

/**
 * Client TLS settings of a DestinationRule. Use the static factories.
 */
export abstract class ClientTls {
  /** Plain text to the destination. */
  public static disable(): ClientTls {
    return new ClientTlsImpl(ClientTlsMode.DISABLE, {});
  }

  /** TLS originated by the sidecar: for destinations outside the mesh (TLS origination). */
  public static simple(options: SimpleTlsOptions = {}): ClientTls {
    return new ClientTlsImpl(ClientTlsMode.SIMPLE, options);
  }

  /** Mutual TLS with your own client certificate. */
  public static mutual(options: MutualTlsOptions): ClientTls {
    return new ClientTlsImpl(ClientTlsMode.MUTUAL, options);
  }

  /** Istio mutual TLS with the workload's own identity. Takes no other settings. */
  public static istioMutual(): ClientTls {
    return new ClientTlsImpl(ClientTlsMode.ISTIO_MUTUAL, {});
  }

  /** The TLS mode. */
  public abstract readonly mode: ClientTlsMode;

  /** @internal */
  public abstract _toIstio(): DestinationRuleSpecTrafficPolicyTls;
  /** @internal */
  public abstract _problems(): string[];
}

class ClientTlsImpl extends ClientTls {
  public constructor(public readonly mode: ClientTlsMode, private readonly options: MutualTlsOptions) {
    super();
  }

  public _toIstio(): DestinationRuleSpecTrafficPolicyTls {
    const o = this.options;
    return {
      mode: this.mode as string as DestinationRuleSpecTrafficPolicyTlsMode,
      caCertificates: o.caCertificates,
      clientCertificate: o.clientCertificate,
      privateKey: o.privateKey,
      credentialName: o.credentialName,
      sni: o.sni,
      subjectAltNames: o.subjectAltNames,
      insecureSkipVerify: o.insecureSkipVerify,
    };
  }

  public _problems(): string[] {
    const o = this.options;
    const problems: string[] = [];
    const files = (['caCertificates', 'clientCertificate', 'privateKey'] as const).filter(k => o[k] !== undefined);
    if (o.credentialName !== undefined && files.length > 0) {
      problems.push(`'credentialName' excludes ${files.map(f => `'${f}'`).join(', ')}: give the certificates as a Secret or as files, not both`);
    }
    if (this.mode === ClientTlsMode.MUTUAL && o.credentialName === undefined) {
      for (const k of ['clientCertificate', 'privateKey'] as const) {
        if (o[k] === undefined) {
          problems.push(`MUTUAL TLS requires '${k}' (or 'credentialName')`);
        }
      }
    }
    // with SIMPLE, a credentialName only holds the CA certificate: skipping verification makes it pointless too
    const verifying = [
      o.caCertificates !== undefined ? "'caCertificates'" : undefined,
      this.mode === ClientTlsMode.SIMPLE && o.credentialName !== undefined ? "'credentialName'" : undefined,
      (o.subjectAltNames ?? []).length > 0 ? "'subjectAltNames'" : undefined,
    ].filter((v): v is string => v !== undefined);
    if (o.insecureSkipVerify && verifying.length > 0) {
      problems.push(`'insecureSkipVerify' contradicts ${verifying.join(', ')}: nothing would be verified`);
    }
    return problems;
  }
}

/**
 * HTTP/1.1 to HTTP/2 upgrade policy of a connection pool.
 */
export enum H2UpgradePolicy {
  /** The mesh default. */
  DEFAULT = 'DEFAULT',
  /** Never upgrade. */
  DO_NOT_UPGRADE = 'DO_NOT_UPGRADE',
  /** Upgrade HTTP/1.1 connections to HTTP/2. */
  UPGRADE = 'UPGRADE',
}

/**
 * TCP keepalive probing.
 */
export interface TcpKeepalive {
  /** Idle time before the first probe (at least 1ms). @default - the OS default (7200s) */
  readonly time?: Duration;
  /** Time between probes (at least 1ms). @default - the OS default (75s) */
  readonly interval?: Duration;
  /** Unanswered probes before the connection is dead (1–2147483647). @default - the OS default (9) */
  readonly probes?: number;
}

/**
 * TCP connection-pool limits (for HTTP and TCP).
 */
export interface TcpConnectionPool {
  /** Maximum connections to the destination (1–2147483647). @default - 2^32-1 */
  readonly maxConnections?: number;
  /** TCP connect timeout (at least 1ms). @default 10s */
  readonly connectTimeout?: Duration;
  /** TCP keepalive. @default - off */
  readonly tcpKeepalive?: TcpKeepalive;
  /** Maximum lifetime of a connection (at least 1ms). @default - unlimited */
  readonly maxConnectionDuration?: Duration;
  /** Idle timeout of a connection (at least 1ms). @default 1h */
  readonly idleTimeout?: Duration;
}

/**
 * HTTP connection-pool limits.
 */
export interface HttpConnectionPool {
  /** Maximum requests queued while waiting for a connection (1–2147483647). @default - 2^32-1 */
  readonly http1MaxPendingRequests?: number;
  /** Maximum active requests (1–2147483647). @default - 2^32-1 */
  readonly http2MaxRequests?: number;
  /** Maximum requests per connection; 1 disables keep-alive (1–536870912). @default - unlimited */
  readonly maxRequestsPerConnection?: number;
  /** Maximum concurrent retries to all hosts (1–2147483647). @default - 2^32-1 */
  readonly maxRetries?: number;
  /** Idle timeout of upstream connections (at least 1ms). @default 1h */
  readonly idleTimeout?: Duration;
  /** Whether HTTP/1.1 connections are upgraded to HTTP/2. @default H2UpgradePolicy.DEFAULT */
  readonly h2UpgradePolicy?: H2UpgradePolicy;
  /** Use the caller's protocol (HTTP/1.1 or HTTP/2) upstream. @default false */
  readonly useClientProtocol?: boolean;
  /** Maximum concurrent streams per HTTP/2 connection (1–2147483647). @default - 2^31-1 */
  readonly maxConcurrentStreams?: number;
}

/**
 * Connection-pool limits: the "circuit breaker" thresholds of a destination.
 */
export interface ConnectionPool {
  /** TCP limits. @default - none */
  readonly tcp?: TcpConnectionPool;
  /** HTTP limits. @default - none */
  readonly http?: HttpConnectionPool;
}

/**
 * Outlier detection: ejecting unhealthy hosts from the load-balancing pool.
 */
export interface OutlierDetection {
  /** Consecutive 5xx (or connection errors) before ejection; 0 disables (0–2147483647). @default 5 */
  readonly consecutive5xxErrors?: number;
  /** Consecutive 502/503/504 before ejection; 0 disables (0–2147483647). @default - off */
  readonly consecutiveGatewayErrors?: number;
  /** Consecutive locally originated failures before ejection (0–2147483647). @default 5 */
  readonly consecutiveLocalOriginFailures?: number;
  /** Distinguish local-origin failures from upstream errors. @default false */
  readonly splitExternalLocalOriginErrors?: boolean;
  /** Time between ejection sweeps (at least 1ms). @default 10s */
  readonly interval?: Duration;
  /** Minimum ejection duration, multiplied by the number of ejections (at least 1ms). @default 30s */
  readonly baseEjectionTime?: Duration;
  /** Maximum share of hosts ejected, in percent (0–100). @default 10 */
  readonly maxEjectionPercent?: number;
  /** Outlier detection is off when fewer than this share of hosts are healthy, in percent (0–100). @default 0 */
  readonly minHealthPercent?: number;
}

/**
 * A traffic policy of a host, a version (subset), a port, or a port of a version.
 */
export interface TrafficPolicy {
  /** Load balancing. @default - Istio's default (LEAST_REQUEST) */
  readonly loadBalancer?: LoadBalancer;
  /** Client TLS. @default - Istio's automatic mTLS */
  readonly tls?: ClientTls;
  /** Connection-pool limits. @default - none */
  readonly connectionPool?: ConnectionPool;
  /** Outlier detection. @default - none */
  readonly outlierDetection?: OutlierDetection;
}

/**
 * Where a traffic policy applies within a host.
 */
export interface PolicyScope {
  /** A version (subset) of the host. @default - every version */
  readonly version?: string;
  /** A port of the host. @default - every port */
  readonly port?: number;
}

function renderLocality(l: LocalityLoadBalancing | undefined): DestinationRuleSpecTrafficPolicyLoadBalancerLocalityLbSetting | undefined {
  if (!l) {
    return undefined;
  }
  return {
    enabled: l.enabled,
    distribute: l.distribute?.map(d => ({ from: d.from, to: { ...d.to } })),
    failover: l.failover?.map(f => ({ from: f.from, to: f.to })),
    failoverPriority: l.failoverPriority,
  };
}

/** Labels Istio derives from the locality: 'failoverPriority' may not use them together with 'failover'. */
const TOPOLOGY_LABELS = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];

function localityProblems(l: LocalityLoadBalancing | undefined): string[] {
  if (!l) {
    return [];
  }
  const problems: string[] = [];
  const distribute = l.distribute ?? [];
  const failover = l.failover ?? [];
  const priority = l.failoverPriority ?? [];
  if (distribute.length > 0 && failover.length > 0) {
    problems.push("'locality.distribute' and 'locality.failover' exclude each other");
  }
  if (distribute.length > 0 && priority.length > 0) {
    problems.push("'locality.distribute' and 'locality.failoverPriority' exclude each other");
  }
  if (failover.length > 0) {
    for (const label of priority.filter(p => TOPOLOGY_LABELS.includes(p))) {
      problems.push(`'locality.failoverPriority' must not contain the topology label '${label}' together with 'locality.failover'`);
    }
  }
  const froms: Array<{ prop: string; locality: string }> = [];
  distribute.forEach((d, i) => {
    const fromProp = `locality.distribute[${i}].from`;
    const fromProblem = localityFormatProblem(fromProp, d.from);
    if (fromProblem) {
      problems.push(fromProblem);
    } else {
      const earlier = froms.find(f => localitiesOverlap(f.locality, d.from));
      if (earlier) {
        problems.push(`'${fromProp}' '${d.from}' overlaps '${earlier.prop}' '${earlier.locality}': each locality may match one rule only`);
      }
      froms.push({ prop: fromProp, locality: d.from });
    }
    const toProp = `locality.distribute[${i}].to`;
    const entries = Object.entries(d.to);
    const bad = entries.filter(([, w]) => !Number.isInteger(w) || w < 1 || w > 100);
    for (const [loc, w] of bad) {
      problems.push(`'${toProp}' weight of '${loc}' must be an integer between 1 and 100, got ${w}`);
    }
    const sum = entries.reduce((a, [, w]) => a + w, 0);
    if (bad.length === 0 && sum !== 100) {
      problems.push(`'${toProp}' weights must add up to 100, got ${sum}`);
    }
    const wellFormed: string[] = [];
    for (const [loc] of entries) {
      if (!isLocality(loc)) {
        problems.push(`'${toProp}' locality must be ${LOCALITY_FORMAT}, got '${loc}'`);
        continue;
      }
      const other = wellFormed.find(w => localitiesOverlap(w, loc));
      if (other !== undefined) {
        problems.push(`'${toProp}' localities '${other}' and '${loc}' overlap: give each locality one weight`);
      }
      wellFormed.push(loc);
    }
  });
  failover.forEach((f, i) => {
    for (const [key, region] of [['from', f.from], ['to', f.to]]) {
      if (region.trim() === '' || /[/*]/.test(region)) {
        problems.push(`'locality.failover[${i}].${key}' must be a region name (no '/' or '*'), got '${region}'`);
      }
    }
    if (f.from === f.to) {
      problems.push(`'locality.failover[${i}]' fails over from '${f.from}' to itself`);
    }
  });
  return problems;
}

const LOCALITY_FORMAT = "'region', 'region/zone' or 'region/zone/subzone', '*' allowed only as the whole last part";

/** A locality is `region`, `region/zone` or `region/zone/subzone`; `*` may only be the whole last part. */
function isLocality(locality: string): boolean {
  const parts = locality.split('/');
  return parts.length <= 3
    && parts.every(part => part.trim() !== '')
    && parts.every((part, i) => !part.includes('*') || (part === '*' && i === parts.length - 1));
}

function localityFormatProblem(prop: string, locality: string): string | undefined {
  if (locality.trim() === '') {
    return `'${prop}' must not be empty`;
  }
  return isLocality(locality) ? undefined : `'${prop}' must be ${LOCALITY_FORMAT}, got '${locality}'`;
}

/** Whether two well-formed localities match a common workload (`us-east` and `us-east/*` both cover `us-east/zone1`). */
function localitiesOverlap(a: string, b: string): boolean {
  const prefix = (l: string) => l.split('/').filter(p => p !== '*');
  const pa = prefix(a);
  const pb = prefix(b);
  const n = Math.min(pa.length, pb.length);
  return pa.slice(0, n).every((p, i) => p === pb[i]);
}
