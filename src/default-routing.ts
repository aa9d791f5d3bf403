import { arrayOf, checkFactoryTypes, num, shape, str } from './private/props';
import { dnsLabelProblem, integerProblem, throwValueProblems } from './private/validation';

/**
 * A version's share of a service's default traffic (`DefaultRouting.weighted`).
 */
export interface VersionWeight {
  /** The version, declared on the service. */
  readonly version: string;
  /** Percentage of the traffic, an integer between 0 and 100; the weights add up to 100. */
  readonly weight: number;
}

/** What a service's default routing sends to. */
export enum DefaultRoutingKind {
  /** Everything to one version (a subset). */
  VERSION = 'VERSION',
  /** No subset: traffic spreads over the pods of every version, as a plain Kubernetes Service does. */
  ALL_VERSIONS = 'ALL_VERSIONS',
  /** A weighted split between versions. */
  WEIGHTED = 'WEIGHTED',
  /** No mesh routing object at all: Istio routes to the Service as it would without one. */
  NONE = 'NONE',
}

/**
 * Where a service sends the traffic its routes send nowhere else (its default route). Use the
 * static factories.
 *
 * ```ts
 * mesh.addService('helloworld', {
 *   ports: [{ port: 5000 }],
 *   versions: [{ name: 'v1', image: 'example/helloworld:v1' }, { name: 'v2', image: 'example/helloworld:v2' }],
 *   defaultRouting: DefaultRouting.weighted([{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }]),
 * });
 * ```
 */
export class DefaultRouting {
  /**
   * Everything to one version: the default route sends to the version's subset. This is the
   * default, with the first declared version.
   */
  public static version(name: string): DefaultRouting {
    checkFactoryTypes(name, str, 'name');
    throwValueProblems([dnsLabelProblem('name', name)]);
    return new DefaultRouting(DefaultRoutingKind.VERSION, [{ version: name, weight: 100 }]);
  }

  /**
   * No subset: the default route sends to the service's host, so traffic spreads over the pods of
   * every version, as a plain Kubernetes Service does (Istio's helloworld sample).
   */
  public static allVersions(): DefaultRouting {
    return new DefaultRouting(DefaultRoutingKind.ALL_VERSIONS, []);
  }

  /** A weighted split between versions; the weights add up to 100. */
  public static weighted(weights: VersionWeight[]): DefaultRouting {
    checkFactoryTypes(weights, arrayOf(shape({ version: str, weight: num })), 'weights');
    const problems: Array<string | undefined> = [];
    if (weights.length < 2) {
      problems.push(`'weights' must name at least two versions (for one, use DefaultRouting.version), got ${weights.length}`);
    }
    weights.forEach((w, i) => {
      problems.push(dnsLabelProblem(`weights[${i}].version`, w.version));
      problems.push(integerProblem(`weights[${i}].weight`, w.weight, 0, 100));
      if (weights.findIndex(o => o.version === w.version) !== i) {
        problems.push(`'weights[${i}].version' '${w.version}' is given twice`);
      }
    });
    const sum = weights.reduce((s, w) => s + w.weight, 0);
    if (weights.length >= 2 && sum !== 100) {
      problems.push(`'weights' must add up to 100, got ${weights.map(w => w.weight).join(' + ')} = ${sum}`);
    }
    throwValueProblems(problems);
    return new DefaultRouting(DefaultRoutingKind.WEIGHTED, weights.map(w => ({ version: w.version, weight: w.weight })));
  }

  /**
   * No mesh routing object at all: the service emits no VirtualService (no HTTPRoute in a mesh
   * with `RoutingApi.GATEWAY_API`), and Istio sends to every version as it would without one.
   * The service then takes no routes and no canary.
   */
  public static none(): DefaultRouting {
    return new DefaultRouting(DefaultRoutingKind.NONE, []);
  }

  /**
   * One version, its name checked by the service that declares it (`defaultVersion`).
   *
   * @internal
   */
  public static _unchecked(name: string): DefaultRouting {
    return new DefaultRouting(DefaultRoutingKind.VERSION, [{ version: name, weight: 100 }]);
  }

  private constructor(
    /** What the default routing sends to. */
    public readonly kind: DefaultRoutingKind,
    /** The versions and their weights (one for `VERSION`, several for `WEIGHTED`, else none). */
    public readonly weights: VersionWeight[],
  ) {}

  /** How messages name this choice, e.g. `DefaultRouting.version('v1')`. */
  public toString(): string {
    switch (this.kind) {
      case DefaultRoutingKind.VERSION:
        return `DefaultRouting.version('${this.weights[0].version}')`;
      case DefaultRoutingKind.ALL_VERSIONS:
        return 'DefaultRouting.allVersions()';
      case DefaultRoutingKind.WEIGHTED:
        return `DefaultRouting.weighted(${this.weights.map(w => `${w.version}: ${w.weight}`).join(', ')})`;
      default:
        return 'DefaultRouting.none()';
    }
  }
}
