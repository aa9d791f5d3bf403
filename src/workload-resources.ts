import { Size } from 'cdk8s';

/**
 * A CPU quantity: cdk8s-plus's `Cpu` (of any cdk8s-plus version) is one, and in TypeScript so is
 * `{ amount: '250m' }`. In Python and Go pass a cdk8s-plus `Cpu` (`kplus.Cpu.millis(250)`); a dict or
 * struct literal is not an `ICpu`. In Java, where cdk8s-plus's `Cpu` does not declare this interface,
 * implement it (`new ICpu() { public String getAmount() { return "250m"; } }`).
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
 * in TypeScript such an object (of any cdk8s-plus version) can be passed as it is; in the other
 * languages a struct is of one class, so build this one (in Python
 * `WorkloadResources(cpu=CpuResources(request=kplus.Cpu.millis(50)))`).
 */
export interface WorkloadResources {
  /** @default - none */
  readonly cpu?: CpuResources;
  /** @default - none */
  readonly memory?: SizeResources;
  /** @default - none */
  readonly ephemeralStorage?: SizeResources;
}
