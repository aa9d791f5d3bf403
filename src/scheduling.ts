/** How a toleration matches a taint. */
export enum TolerationOperator {
  /** The taint's value equals the toleration's. */
  EQUAL = 'Equal',
  /** The taint has the key, whatever its value (with no key: every taint). */
  EXISTS = 'Exists',
}

/** What a taint does to pods that do not tolerate it. */
export enum TaintEffect {
  /** New pods are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods are evicted too. */
  NO_EXECUTE = 'NoExecute',
}

/** A toleration of the version's pods (Kubernetes' `Toleration`). */
export interface Toleration {
  /**
   * The taint key tolerated.
   *
   * @default - every key (needs `operator: EXISTS`)
   */
  readonly key?: string;

  /**
   * How the key and value match.
   *
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;

  /**
   * The taint value tolerated (with `EQUAL` only).
   *
   * @default - the empty value
   */
  readonly value?: string;

  /**
   * The taint effect tolerated.
   *
   * @default - every effect
   */
  readonly effect?: TaintEffect;

  /**
   * How long a pod stays on a node after a `NO_EXECUTE` taint appears, in seconds.
   *
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}
