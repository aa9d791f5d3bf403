import { Size } from 'cdk8s';

/**
 * A CPU quantity: this library's `CpuQuantity` and cdk8s-plus's `Cpu` (of any cdk8s-plus version)
 * are, and in TypeScript so is `{ amount: '250m' }`. In Python and Go a dict or struct literal is
 * not an `ICpu`; in Java cdk8s-plus's `Cpu` is not one either: pass a `CpuQuantity` there
 * (`CpuQuantity.millis(250)`).
 */
export interface ICpu {
  /** The quantity as Kubernetes writes it, e.g. `500m` or `2`. */
  readonly amount: string;
}

/**
 * A CPU quantity of this library's own, written as cdk8s-plus's `Cpu` writes it: for Java, where
 * cdk8s-plus's `Cpu` is not an `ICpu`, and for any app that does not import cdk8s-plus.
 *
 * @example
 * reviews.addVersion('v4', {
 *   image: 'example/reviews:v4',
 *   resources: { cpu: { request: CpuQuantity.millis(250), limit: CpuQuantity.units(2) } },
 * });
 */
export class CpuQuantity implements ICpu {
  /** `amount` thousandths of a CPU, written `<amount>m` (e.g. `250m`), as `Cpu.millis` writes it. */
  public static millis(amount: number): CpuQuantity {
    return new CpuQuantity(`${amount}m`);
  }

  /** `amount` CPUs, written as the number (e.g. `2`, `0.5`), as `Cpu.units` writes it. */
  public static units(amount: number): CpuQuantity {
    return new CpuQuantity(amount.toString());
  }

  /** The quantity as Kubernetes writes it; checked where the resources are given. */
  public readonly amount: string;

  private constructor(amount: string) {
    this.amount = amount;
  }
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
