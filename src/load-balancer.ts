import { Duration } from 'cdk8s';
import {
  DestinationRuleSpecTrafficPolicyLoadBalancer,
  DestinationRuleSpecTrafficPolicyLoadBalancerSimple,
} from './imports/networking.istio.io';
import { LocalityLoadBalancing } from './locality';
import { optionalDurationProblem, toIstioDuration } from './private/duration';
import { localityProblems, renderLocality } from './private/locality';

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
 *
 * ```ts
 * reviews.addTrafficPolicy({ loadBalancer: LoadBalancer.consistentHashCookie('session', { ttl: Duration.minutes(30) }) });
 * ```
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
      optionalDurationProblem('ttl', o.ttl),
      ...localityProblems(this.locality),
    ].filter((p): p is string => p !== undefined);
  }
}
