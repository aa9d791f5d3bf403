import { Lazy } from 'cdk8s';

/**
 * A value computed at synthesis time, typed as what it produces, so that generated bindings still
 * type-check the producer's result. Producers must not throw: validation runs before synthesis.
 */
export function lazy<T>(produce: () => T): T {
  return Lazy.any({ produce }) as unknown as T;
}
