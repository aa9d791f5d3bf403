import { Size } from 'cdk8s';

/**
 * A CPU quantity: cdk8s-plus's `Cpu` (of any cdk8s-plus version) is one, and so is `{ amount: '250m' }`.
 *
 * So it is in Go, where cdk8s-plus's `Cpu` has the method `Amount()`. Java's interfaces are nominal: there,
 * pass `Cpu.millis(500)::getAmount` or `() -> "500m"` (`ICpu` has one method, so a lambda implements it).
 */
export interface ICpu {
  /** The quantity as Kubernetes writes it, e.g. `500m` or `2`. */
  readonly amount: string;
}

/** CPU request and limit of a container. */
export interface CpuResources {
  /** @default - none */
  readonly request?: ICpu;
  /** @default - none */
  readonly limit?: ICpu;
}

/** Memory or storage request and limit of a container. */
export interface SizeResources {
  /** @default - none */
  readonly request?: Size;
  /** @default - none */
  readonly limit?: Size;
}

/**
 * Resource requests and limits of a container. The shape of cdk8s-plus's `ContainerResources`, so
 * such an object (of any cdk8s-plus version) can be passed as it is.
 */
export interface WorkloadResources {
  /** @default - none */
  readonly cpu?: CpuResources;
  /** @default - none */
  readonly memory?: SizeResources;
  /** @default - none */
  readonly ephemeralStorage?: SizeResources;
}
