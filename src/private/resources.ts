/**
 * Container resources (`WorkloadResources`, the shape of cdk8s-plus's `ContainerResources`) as Kubernetes checks them: every
 * quantity parses and is not negative, and no request is above its limit (a request without a
 * limit, or a limit without a request, is fine: Kubernetes then takes the limit as the request).
 * Quantities are compared exactly, with the parser the injection engine uses.
 */
import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Quantity } from 'cdk8s-plus-27/lib/imports/k8s';
import type { ICpu, WorkloadResources } from '../workload-resources';
import { parseQuantity } from './inject/quantity';

/** A resource of a container that this library writes. */
export type ResourceName = 'cpu' | 'memory' | 'ephemeral-storage';

/** Requests and limits as Kubernetes quantity strings. */
export interface ResourceQuantities {
  readonly requests: { [name in ResourceName]?: string };
  readonly limits: { [name in ResourceName]?: string };
}

/** The binary unit each size is written in (cdk8s-plus writes memory in Mi and ephemeral storage in Gi). */
export interface SizeUnits {
  readonly memory: 'Mi';
  readonly ephemeralStorage: 'Mi' | 'Gi';
}

/** What this library's own renderers write: whole mebibytes, or kibibytes when a size is not a whole number of mebibytes. */
export const OWN_UNITS: SizeUnits = { memory: 'Mi', ephemeralStorage: 'Mi' };
/** What cdk8s-plus writes for a container (it cannot write other sizes). */
export const KPLUS_UNITS: SizeUnits = { memory: 'Mi', ephemeralStorage: 'Gi' };

const FIELDS: Array<[keyof WorkloadResources, ResourceName]> = [['cpu', 'cpu'], ['memory', 'memory'], ['ephemeralStorage', 'ephemeral-storage']];

/** Sizes converted without rounding (a whole number of the unit is checked here). */
const EXACT = { rounding: SizeRoundingBehavior.NONE };

/** A size as a quantity string, or the reason it cannot be written. */
function sizeQuantity(size: Size, unit: 'Mi' | 'Gi', exact: boolean): { quantity?: string; problem?: string } {
  const kib = size.toKibibytes(EXACT);
  if (!Number.isFinite(kib) || kib < 0) {
    return { problem: `must be a non-negative size, got ${kib} KiB` };
  }
  const inUnit = unit === 'Mi' ? size.toMebibytes(EXACT) : size.toGibibytes(EXACT);
  if (Number.isInteger(inUnit)) {
    return { quantity: `${inUnit}${unit}` };
  }
  if (!exact && Number.isInteger(kib)) {
    return { quantity: `${kib}Ki` };
  }
  if (!exact) {
    return { problem: `must be a whole number of kibibytes, got ${kib} KiB` };
  }
  const what = unit === 'Mi' ? 'mebibytes' : 'gibibytes';
  return { problem: `must be a whole number of ${what} (cdk8s-plus writes it in ${unit}), got ${inUnit} ${what}` };
}

/**
 * Resolves and checks container resources.
 *
 * @param prop the prop the resources were given as (`resources`, `proxy.resources`)
 * @param units the unit each size is written in
 * @param exact whether sizes must be whole numbers of their unit (cdk8s-plus), or may fall back to KiB (this library's renderers)
 * @param defaults quantities used for fields left out; a default is moved to the given request or limit of its resource when it would contradict it
 */
export function resolveResources(
  prop: string, r: WorkloadResources | undefined, units: SizeUnits, exact: boolean, defaults?: ResourceQuantities,
): { quantities: ResourceQuantities; problems: string[] } {
  const requests: { [name in ResourceName]?: string } = { ...defaults?.requests };
  const limits: { [name in ResourceName]?: string } = { ...defaults?.limits };
  const problems: string[] = [];
  const given: { [key: string]: boolean } = {};
  for (const [field, name] of FIELDS) {
    for (const side of ['request', 'limit'] as const) {
      const value = (r?.[field] as { request?: unknown; limit?: unknown } | undefined)?.[side];
      if (value === undefined) {
        continue;
      }
      const where = `'${prop}.${field}.${side}'`;
      let quantity: string | undefined;
      if (field === 'cpu') {
        const amount = (value as ICpu).amount;
        const q = parseQuantity(amount);
        if (!q) {
          problems.push(`${where} must be a CPU quantity like Cpu.millis(500) or Cpu.units(2), got '${amount}'`);
        } else if (q.nanos < 0n) {
          problems.push(`${where} must not be negative, got ${amount}`);
        } else {
          quantity = amount;
        }
      } else {
        const unit = field === 'memory' ? units.memory : units.ephemeralStorage;
        const s = sizeQuantity(value as Size, unit, exact);
        if (s.problem) {
          problems.push(`${where} ${s.problem}`);
        }
        quantity = s.quantity;
      }
      if (quantity !== undefined) {
        (side === 'request' ? requests : limits)[name] = quantity;
        given[`${side}.${name}`] = true;
      }
    }
  }
  for (const [field, name] of FIELDS) {
    const request = requests[name] !== undefined ? parseQuantity(requests[name]!) : undefined;
    const limit = limits[name] !== undefined ? parseQuantity(limits[name]!) : undefined;
    if (!request || !limit || request.nanos <= limit.nanos) {
      continue;
    }
    const [requestGiven, limitGiven] = [given[`request.${name}`], given[`limit.${name}`]];
    if (requestGiven && !limitGiven) {
      limits[name] = requests[name];
    } else if (limitGiven && !requestGiven) {
      requests[name] = limits[name];
    } else {
      problems.push(`'${prop}.${field}.request' ${requests[name]} must not exceed '${prop}.${field}.limit' ${limits[name]}`);
    }
  }
  return { quantities: { requests, limits }, problems };
}

/** Requests or limits as the typed Kubernetes bindings take them; undefined when none is set. */
export function quantityMap(values: { [name: string]: string | undefined } | undefined): { [name: string]: Quantity } | undefined {
  const entries = Object.entries(values ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries.map(([k, v]) => [k, Quantity.fromString(v)])) : undefined;
}
