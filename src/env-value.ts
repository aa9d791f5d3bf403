import { dnsSubdomainProblem, throwValueProblems } from './private/validation';

/** A field of the pod that an environment variable can take (Kubernetes' downward API, `fieldRef`). */
export enum EnvFieldPath {
  /** The pod's name. */
  POD_NAME = 'metadata.name',
  /** The pod's namespace. */
  POD_NAMESPACE = 'metadata.namespace',
  /** The pod's UID. */
  POD_UID = 'metadata.uid',
  /** The name of the node the pod runs on. */
  NODE_NAME = 'spec.nodeName',
  /** The pod's service account. */
  SERVICE_ACCOUNT_NAME = 'spec.serviceAccountName',
  /** The IP of the node the pod runs on. */
  HOST_IP = 'status.hostIP',
  /** The pod's primary IP. */
  POD_IP = 'status.podIP',
  /** The pod's IPs, comma-separated. */
  POD_IPS = 'status.podIPs',
}

/** Options of an environment variable taken from a key of a Secret or ConfigMap. */
export interface EnvKeyOptions {
  /**
   * Whether the container starts when the object or key does not exist (the variable is then unset).
   *
   * @default false
   */
  readonly optional?: boolean;
}

const KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * The value of an environment variable of a version's application container, beside the plain
 * strings of `env`: a field of the pod, or a key of a Secret or ConfigMap in the service's namespace.
 *
 * ```ts
 * reviews.addVersion('v4', {
 *   image: 'example/reviews:v4',
 *   envValues: {
 *     POD_IP: EnvValue.fromField(EnvFieldPath.POD_IP),
 *     DB_PASSWORD: EnvValue.fromSecretKey('reviews-db', 'password'),
 *   },
 * });
 * ```
 */
export class EnvValue {
  /** A literal value. */
  public static fromValue(value: string): EnvValue {
    return new EnvValue({ value });
  }

  /** A field of the pod, e.g. `EnvFieldPath.POD_IP`. */
  public static fromField(field: EnvFieldPath): EnvValue {
    return new EnvValue({ valueFrom: { fieldRef: { fieldPath: field } } });
  }

  /** A key of a Secret in the service's namespace. */
  public static fromSecretKey(secretName: string, key: string, options: EnvKeyOptions = {}): EnvValue {
    throwValueProblems(refProblems('secretName', secretName, key));
    return new EnvValue({ valueFrom: { secretKeyRef: { name: secretName, key, ...optional(options) } } });
  }

  /** A key of a ConfigMap in the service's namespace. */
  public static fromConfigMapKey(configMapName: string, key: string, options: EnvKeyOptions = {}): EnvValue {
    throwValueProblems(refProblems('configMapName', configMapName, key));
    return new EnvValue({ valueFrom: { configMapKeyRef: { name: configMapName, key, ...optional(options) } } });
  }

  private constructor(private readonly json: { [key: string]: any }) {}

  /** The variable as Kubernetes takes it (an `EnvVar` without its name). @internal */
  public _toKube(): { [key: string]: any } {
    return JSON.parse(JSON.stringify(this.json));
  }
}

function optional(options: EnvKeyOptions): { optional?: boolean } {
  return options.optional !== undefined ? { optional: options.optional } : {};
}

function refProblems(prop: string, name: string, key: string): Array<string | undefined> {
  return [
    dnsSubdomainProblem(prop, name),
    key.length > 253 || !KEY.test(key) ? `'key' must be 1 to 253 letters, digits, '-', '_' or '.', got '${key}'` : undefined,
  ];
}
