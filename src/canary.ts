import { Construct } from 'constructs';
import { HttpMatch } from './http-route';
import { ICanary } from './interfaces/canary';
import { MeshService } from './mesh-service';
import { CanaryModel } from './model/canary';
import { serviceModelOf } from './model/service';
import { TOKEN, TOKEN_CHARACTERS } from './private/header-name';
import { isHttpCatchAll } from './private/match-form';
import { headerKeyProblem, httpMatchProblems } from './private/match-values';
import { arrayOf, checkFactoryTypes, checkTypes, instance, num, optional, shape, str } from './private/props';
import { routeKindOf, RouteKind } from './private/protocol';
import { percentProblem } from './private/route-values';
import { dnsLabelProblem, listOf, throwIfProblems, throwValueProblems } from './private/validation';
import { ProgressiveDelivery } from './progressive-delivery';
import { RouteDestination } from './route-destination';
import { StringMatch } from './string-match';

/**
 * Which requests are pinned to the canary ahead of the weighted split (testers, internal users).
 * Use the static factories.
 */
export abstract class CanaryTesters {
  /** Requests whose header `name` matches `match`, e.g. `header('end-user', StringMatch.exact('jason'))`. */
  public static header(name: string, match: StringMatch): CanaryTesters {
    checkFactoryTypes(name, str, 'name');
    checkFactoryTypes(match, instance("StringMatch (e.g. StringMatch.exact('jason'))", v => v instanceof StringMatch), 'match');
    // a service's routes serve sidecars: no JWT claims
    const problem = headerKeyProblem(name, match, false);
    if (problem !== undefined) {
      throw new Error(`'name' ${problem}, got '${name}'`);
    }
    return new MatchTesters([{ headers: { [name]: match } }], `header '${name}'`);
  }

  /** Requests that carry the cookie `name=value`. */
  public static cookie(name: string, value: string): CanaryTesters {
    checkFactoryTypes(name, str, 'name');
    checkFactoryTypes(value, str, 'value');
    if (!TOKEN.test(name)) {
      throw new Error(`'name' must be a cookie name (${TOKEN_CHARACTERS}), got '${name}'`);
    }
    if (/[\s;,"\\]/.test(value)) {
      throw new Error(`'value' must be a cookie value (no whitespace, ';', ',', '"' or '\\'), got '${value}'`);
    }
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new MatchTesters(
      [{ headers: { cookie: StringMatch.regex(`^(.*?;\\s*)?(${escape(name)}=${escape(value)})(;.*)?$`) } }],
      `cookie '${name}'`,
    );
  }

  /**
   * Requests matching any of these HTTP matches. Each match needs a condition: a match that
   * covers every request would pin all traffic to the canary.
   */
  public static matching(matches: HttpMatch[]): CanaryTesters {
    checkFactoryTypes(matches, arrayOf(shape({})), 'matches');
    throwValueProblems([
      matches.length === 0 ? "'matches' must have at least one entry: testers with no match would pin every request to the canary" : undefined,
      ...matches.flatMap((m, i) => [
        isHttpCatchAll([m], { namespace: '', gateways: [] }) ? `'matches[${i}]' matches every request: testers would pin all traffic to the canary; give it a condition` : undefined,
        // the tester route is one of the service's routes, which serve sidecars
        ...httpMatchProblems(`matches[${i}]`, m, false),
      ]),
    ]);
    return new MatchTesters([...matches], 'custom matches');
  }

  /** A description for messages. */
  public abstract readonly description: string;

  /** @internal */
  public abstract _matches(): HttpMatch[];
}

class MatchTesters extends CanaryTesters {
  public constructor(private readonly matches: HttpMatch[], public readonly description: string) {
    super();
  }

  public _matches(): HttpMatch[] {
    return this.matches;
  }
}

/**
 * Properties of a `Canary`.
 */
export interface CanaryProps {
  /** The service being released. */
  readonly service: MeshService;
  /** The version serving production traffic. Must be declared on the service. */
  readonly stableVersion: string;
  /** The version being released. Must be declared on the service and differ from `stableVersion`. */
  readonly canaryVersion: string;
  /**
   * Share of traffic sent to the canary, in percent (integer 0–100). Excludes `steps`.
   *
   * @default - taken from `steps`, or 0
   */
  readonly weight?: number;
  /**
   * A rollout plan: ascending canary weights (integers 0–100), e.g. `[5, 25, 50, 100]`.
   * `currentStep` selects the active one, so promotion is a one-line reviewed change.
   *
   * @default - no plan: `weight` is used
   */
  readonly steps?: number[];
  /**
   * Index into `steps` of the active step (0-based).
   *
   * @default 0
   */
  readonly currentStep?: number;
  /**
   * Requests always sent to the canary, ahead of the weighted split.
   *
   * @default - none
   */
  readonly testers?: CanaryTesters;
  /**
   * Mirror (shadow) this share of the stable traffic to the canary, in percent (0–100). Mirrored
   * responses are discarded.
   *
   * @default - no mirroring
   */
  readonly mirrorPercentage?: number;
  /**
   * Hands the canary to a progressive-delivery controller (Flagger or Argo Rollouts), which then
   * moves the traffic instead of the static weights.
   *
   * @default - static mode: the library writes the weights into the service's routing
   */
  readonly delivery?: ProgressiveDelivery;
}

/**
 * A canary release of a service: a weighted split between a stable and a canary version,
 * optionally with testers pinned to the canary and mirroring. The canary owns the service's
 * default route; a service has at most one active canary.
 *
 * ```ts
 * new Canary(chart, 'reviews-canary', {
 *   service: reviews,
 *   stableVersion: 'v1',
 *   canaryVersion: 'v2',
 *   steps: [5, 25, 50, 100],
 *   currentStep: 1,
 *   testers: CanaryTesters.cookie('canary', 'always'),
 * });
 * ```
 *
 * adds to the `reviews` VirtualService:
 *
 * ```yaml
 * http:
 *   - name: v2-testers
 *     match: [{ headers: { cookie: { regex: '^(.*?;\s*)?(canary=always)(;.*)?$' } } }]
 *     route: [{ destination: { host: reviews, subset: v2 } }]
 *   - route:
 *       - { destination: { host: reviews, subset: v1 }, weight: 75 }
 *       - { destination: { host: reviews, subset: v2 }, weight: 25 }
 * ```
 */
export class Canary extends Construct implements ICanary {
  /** The service being released. */
  public readonly service: MeshService;
  /** The stable version. */
  public readonly stableVersion: string;
  /** The canary version. */
  public readonly canaryVersion: string;
  /** The active canary weight (0–100). */
  public readonly weight: number;
  /** The controller the canary is handed to, if any. */
  public readonly delivery?: ProgressiveDelivery;

  private readonly testers?: CanaryTesters;
  private readonly mirrorPercentage?: number;

  public constructor(scope: Construct, id: string, props: CanaryProps) {
    super(scope, id);
    checkTypes(this, props, PROPS);
    this.service = props.service;
    this.stableVersion = props.stableVersion;
    this.canaryVersion = props.canaryVersion;
    this.testers = props.testers;
    this.mirrorPercentage = props.mirrorPercentage;

    const steps = props.steps;
    const step = props.currentStep ?? 0;
    throwIfProblems(this, [
      dnsLabelProblem('stableVersion', props.stableVersion),
      dnsLabelProblem('canaryVersion', props.canaryVersion),
      props.stableVersion === props.canaryVersion ? `'canaryVersion' must differ from 'stableVersion', both are '${props.stableVersion}'` : undefined,
      props.weight !== undefined && steps !== undefined ? "'weight' and 'steps' exclude each other: the weight is 'steps[currentStep]'" : undefined,
      props.currentStep !== undefined && steps === undefined ? "'currentStep' needs 'steps'" : undefined,
      props.weight !== undefined && (!Number.isInteger(props.weight) || props.weight < 0 || props.weight > 100)
        ? `'weight' must be an integer between 0 and 100, got ${props.weight}` : undefined,
      ...stepProblems(steps, step),
      percentProblem('mirrorPercentage', props.mirrorPercentage),
    ]);
    this.weight = steps !== undefined ? steps[step] : props.weight ?? 0;

    const model: CanaryModel = {
      path: this.node.path,
      stableVersion: this.stableVersion,
      canaryVersion: this.canaryVersion,
      weight: this.weight,
      mirrorPercentage: this.mirrorPercentage,
      testerMatches: this.testers?._matches(),
      pinRouteName: this.testers ? `${this.canaryVersion}-testers` : undefined,
      steps: steps && [...steps],
      weightGiven: props.weight !== undefined,
      currentStepGiven: props.currentStep !== undefined,
    };
    props.service._setCanary(this, model);
    this.delivery = props.delivery;
    props.delivery?._handOff.apply(this, serviceModelOf(props.service)!, model);
    this.node.addValidation({ validate: () => this.validateCanary() });
  }

  /**
   * The canary's weighted split as route destinations, for routes that do not pass through the
   * service's own routing. Istio applies a host's VirtualService only to traffic inside the mesh:
   * a gateway route to the service without a version reaches all its pods and bypasses the split
   * (istioctl analyze: IST0140). Testers and mirroring stay with the service's own routing.
   *
   * ```ts
   * gateway.addRoute({ hosts: ['reviews.example.com'], destinations: canary.destinations() });
   * ```
   *
   * @param port the service port to send to (required when the service has several ports)
   */
  public destinations(port?: number): RouteDestination[] {
    if (this.delivery) {
      throw new Error(`[${this.node.path}] 'destinations()' has no weighted split to give: ${this.delivery.controller} moves the canary's traffic (the versions have no subsets); route to the service itself`);
    }
    return [
      { host: this.service, version: this.stableVersion, port, weight: 100 - this.weight },
      { host: this.service, version: this.canaryVersion, port, weight: this.weight },
    ];
  }

  private validateCanary(): string[] {
    const service = this.service;
    const declared = service.versionNames;
    const problems = (['stableVersion', 'canaryVersion'] as const)
      .filter(prop => !declared.includes(this[prop]))
      .map(prop => `'${prop}' '${this[prop]}' is not declared on service '${service.name}' (declared: ${listOf(declared)})`);
    // testers and mirroring act on HTTP requests: on a TCP/TLS-only service they would silently do nothing
    const ports = service.ports;
    if (ports.length > 0 && !ports.some(p => routeKindOf(p.protocol!) === RouteKind.HTTP)) {
      const portList = ports.map(p => `${p.port} ${p.protocol}`).join(', ');
      if (this.testers) {
        problems.push(`'testers' need an HTTP port, but service '${service.name}' has none (ports: ${portList}): testers are matched on HTTP requests`);
      }
      if (this.mirrorPercentage !== undefined) {
        problems.push(`'mirrorPercentage' needs an HTTP port, but service '${service.name}' has none (ports: ${portList}): only HTTP requests can be mirrored`);
      }
    }
    return problems;
  }
}

const PROPS = shape({
  service: instance('MeshService', v => v instanceof MeshService),
  stableVersion: str,
  canaryVersion: str,
  weight: optional(num),
  steps: optional(arrayOf(num)),
  currentStep: optional(num),
  testers: optional(instance("CanaryTesters (e.g. CanaryTesters.header('end-user', StringMatch.exact('jason')))", v => v instanceof CanaryTesters)),
  mirrorPercentage: optional(num),
  delivery: optional(instance('ProgressiveDelivery (e.g. ProgressiveDelivery.flagger())', v => v instanceof ProgressiveDelivery)),
});

function stepProblems(steps: number[] | undefined, step: number): Array<string | undefined> {
  if (steps === undefined) {
    return [];
  }
  if (steps.length === 0) {
    return ["'steps' must have at least one entry"];
  }
  const problems: Array<string | undefined> = steps.map((w, i) =>
    !Number.isInteger(w) || w < 0 || w > 100 ? `'steps[${i}]' must be an integer between 0 and 100, got ${w}` : undefined);
  steps.forEach((w, i) => {
    if (i > 0 && w <= steps[i - 1]) {
      problems.push(`'steps' must be strictly ascending, got ${steps.join(', ')}`);
    }
  });
  if (!Number.isInteger(step) || step < 0 || step >= steps.length) {
    problems.push(`'currentStep' must be an integer between 0 and ${steps.length - 1}, got ${step}`);
  }
  return [...new Set(problems)];
}
