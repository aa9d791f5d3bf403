import { Duration } from 'cdk8s';
import { integerProblem, throwValueProblems } from './private/validation';

/**
 * When and how often a probe runs, and how many results flip the container's state.
 * Durations are whole seconds (Kubernetes stores seconds).
 */
export interface ProbeTimings {
  /**
   * Delay after the container starts before the first probe.
   *
   * @default - none (Kubernetes' default, 0 seconds)
   */
  readonly initialDelay?: Duration;

  /**
   * How often the probe runs (at least 1 second).
   *
   * @default - Kubernetes' default, 10 seconds
   */
  readonly period?: Duration;

  /**
   * How long one probe may take (at least 1 second).
   *
   * @default - Kubernetes' default, 1 second
   */
  readonly timeout?: Duration;

  /**
   * Consecutive successes after a failure that make the probe pass again. Liveness and startup
   * probes take only 1.
   *
   * @default - Kubernetes' default, 1
   */
  readonly successThreshold?: number;

  /**
   * Consecutive failures that make the probe fail.
   *
   * @default - Kubernetes' default, 3
   */
  readonly failureThreshold?: number;
}

/** The scheme of an HTTP probe. */
export enum ProbeScheme {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS, without verifying the certificate. */
  HTTPS = 'HTTPS',
}

/** Options of a probe that connects to a port of the application container. */
export interface ProbePortOptions extends ProbeTimings {
  /**
   * The container port probed: one of the version's container ports (the service ports' target ports).
   *
   * @default - the container's port when it has exactly one; a container with several ports needs it
   */
  readonly port?: number;
}

/** Options of `Probe.httpGet`. */
export interface HttpGetProbeOptions extends ProbePortOptions {
  /**
   * The path requested.
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * The scheme used.
   *
   * @default ProbeScheme.HTTP
   */
  readonly scheme?: ProbeScheme;
}

/** Options of `Probe.tcpSocket`. */
export interface TcpSocketProbeOptions extends ProbePortOptions {}

/** Options of `Probe.grpc`. */
export interface GrpcProbeOptions extends ProbePortOptions {
  /**
   * The service name sent in the gRPC health check request.
   *
   * @default - none: the server's overall health
   */
  readonly service?: string;
}

/** Options of `Probe.exec`. */
export interface ExecProbeOptions extends ProbeTimings {
  /** The command run in the container (not in a shell); exit status 0 is success. */
  readonly command: string[];
}

type Action = { kind: 'httpGet'; path: string; scheme?: ProbeScheme } | { kind: 'tcpSocket' } | { kind: 'grpc'; service?: string } | { kind: 'exec'; command: string[] };

/**
 * A readiness, liveness or startup probe of a version's application container. With Istio's
 * sidecar, HTTP, TCP and gRPC probes are rewritten to go through the proxy's agent (Istio's
 * default), so they keep working under STRICT mTLS.
 *
 * ```ts
 * reviews.addVersion('v4', {
 *   image: 'example/reviews:v4',
 *   readinessProbe: Probe.httpGet({ path: '/health', port: 9080 }),
 *   livenessProbe: Probe.tcpSocket({ period: Duration.seconds(10) }),
 * });
 * ```
 */
export class Probe {
  /** Probes with an HTTP GET request; a status from 200 to 399 is success. */
  public static httpGet(options: HttpGetProbeOptions = {}): Probe {
    const path = options.path ?? '/';
    throwValueProblems([
      !path.startsWith('/') ? `'path' of an HTTP probe must start with '/', got '${path}'` : undefined,
    ]);
    return new Probe({ kind: 'httpGet', path, scheme: options.scheme }, options);
  }

  /** Probes by opening a TCP connection. */
  public static tcpSocket(options: TcpSocketProbeOptions = {}): Probe {
    return new Probe({ kind: 'tcpSocket' }, options);
  }

  /** Probes with the gRPC health checking protocol (`grpc.health.v1.Health/Check`). */
  public static grpc(options: GrpcProbeOptions = {}): Probe {
    return new Probe({ kind: 'grpc', service: options.service }, options);
  }

  /** Probes by running a command in the container. */
  public static exec(options: ExecProbeOptions): Probe {
    throwValueProblems([
      options.command.length === 0 ? "'command' of an exec probe must name a program, got none" : undefined,
    ]);
    return new Probe({ kind: 'exec', command: [...options.command] }, options);
  }

  private readonly action: Action;
  private readonly port?: number;
  private readonly timings: { [field: string]: number | undefined };

  private constructor(action: Action, options: ProbeTimings & { readonly port?: number }) {
    const seconds = (d: Duration | undefined) => d === undefined ? undefined : d.toSeconds({ integral: false });
    const timings = {
      initialDelaySeconds: seconds(options.initialDelay),
      periodSeconds: seconds(options.period),
      timeoutSeconds: seconds(options.timeout),
      successThreshold: options.successThreshold,
      failureThreshold: options.failureThreshold,
    };
    const names: { [field: string]: string } = {
      initialDelaySeconds: 'initialDelay', periodSeconds: 'period', timeoutSeconds: 'timeout',
    };
    throwValueProblems([
      integerProblem('port', options.port, 1, 65535),
      ...Object.entries(timings).map(([field, value]) => {
        const min = field === 'initialDelaySeconds' ? 0 : 1;
        const name = names[field];
        if (name !== undefined && value !== undefined && (!Number.isInteger(value) || value < min || value > 2_147_483_647)) {
          return `'${name}' must be a whole number of seconds of at least ${min}s, got ${value}s`;
        }
        return name === undefined ? integerProblem(field, value, 1, 2_147_483_647) : undefined;
      }),
    ]);
    this.action = action;
    this.port = options.port;
    this.timings = timings;
  }

  /** The probe's success threshold as Kubernetes would store it. @internal */
  public get _successThreshold(): number {
    return this.timings.successThreshold ?? 1;
  }

  /**
   * The probe as Kubernetes takes it, or the problems of using it in a container with `ports`.
   *
   * @internal
   */
  public _bind(prop: string, ports: number[]): { probe?: { [key: string]: any }; problems: string[] } {
    const timings = Object.fromEntries(Object.entries(this.timings).filter(([, v]) => v !== undefined));
    if (this.action.kind === 'exec') {
      return { probe: { exec: { command: this.action.command }, ...timings }, problems: [] };
    }
    let port = this.port;
    if (port === undefined) {
      if (ports.length !== 1) {
        return { problems: [`'${prop}' names no port, and the container has ${ports.length === 0 ? 'none' : `several (${ports.join(', ')})`}: give the probe a 'port'`] };
      }
      port = ports[0];
    } else if (!ports.includes(port)) {
      return { problems: [`'${prop}.port' ${port} is not a port of the container (its ports: ${ports.length === 0 ? 'none' : ports.join(', ')})`] };
    }
    switch (this.action.kind) {
      case 'httpGet':
        return {
          probe: { httpGet: { path: this.action.path, port, ...(this.action.scheme ? { scheme: this.action.scheme } : {}) }, ...timings },
          problems: [],
        };
      case 'tcpSocket':
        return { probe: { tcpSocket: { port }, ...timings }, problems: [] };
      default:
        return {
          probe: { grpc: { port, ...(this.action.service !== undefined ? { service: this.action.service } : {}) }, ...timings },
          problems: [],
        };
    }
  }
}
