import { IConstruct } from 'constructs';

/** The characters of a DNS-1123 label (its length, at most 63, is checked apart: `isDnsLabel`). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Whether `value` is a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

/** A DNS-1123 label: what Kubernetes requires of namespace names, subset names and most name parts. */
export function dnsLabelProblem(prop: string, value: string): string | undefined {
  if (!isDnsLabel(value)) {
    return `${quote(prop)} must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got '${value}'`;
  }
  return undefined;
}

/** A DNS-1035 label: what Kubernetes requires of Service names (must start with a letter). */
export function dns1035LabelProblem(prop: string, value: string): string | undefined {
  if (value.length > 63 || !DNS_1035_LABEL.test(value)) {
    return `${quote(prop)} must be a DNS-1035 label (at most 63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit), got '${value}'`;
  }
  return undefined;
}

/** A DNS-1123 subdomain: dot-separated DNS labels, at most 253 characters. */
export function dnsSubdomainProblem(prop: string, value: string): string | undefined {
  if (value.length === 0 || value.length > 253 || !value.split('.').every(part => DNS_LABEL.test(part))) {
    return `${quote(prop)} must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got '${value}'`;
  }
  return undefined;
}

/** Kubernetes label keys ([prefix/]name) and values. */
export function labelProblems(prop: string, labels: { [key: string]: string } | undefined): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (name.length > 63 || !QUALIFIED_NAME.test(name) || (prefix !== undefined && dnsSubdomainProblem('', prefix))) {
      problems.push(`${quote(prop)} has an invalid label key '${key}' (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`);
    }
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      problems.push(`${quote(prop)} has an invalid value for label '${key}': got '${value}' (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, or empty)`);
    }
  }
  return problems;
}

/** The largest value of Kubernetes' int32 fields (replicas, ports of some kinds, autoscaler bounds). */
export const INT32_MAX = 2_147_483_647;

/** Kubernetes' limit on the total size of an object's annotations (keys and values, in bytes). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/**
 * Kubernetes annotation keys (`[prefix/]name`, like label keys except that case does not
 * matter) and their total size (keys and values, at most 256 KiB). `annotations` are all of the
 * object's annotations; `given` those the caller wrote (only their keys are reported on).
 */
export function annotationProblems(prop: string, given: { [key: string]: string } | undefined, annotations = given): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(given ?? {})) {
    const parts = key.toLowerCase().split('/');
    const name = parts[parts.length - 1];
    const prefixOk = parts.length === 1 || (parts.length === 2 && parts[0] !== '' && dnsSubdomainProblem('', parts[0]) === undefined);
    if (parts.length > 2 || !prefixOk || name.length > 63 || !QUALIFIED_NAME.test(name)) {
      problems.push(`${quote(prop)} has an invalid annotation key '${key}' (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`);
    }
  }
  const bytes = Object.entries(annotations ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    problems.push(`${quote(prop)} take ${bytes} bytes (keys and values), more than Kubernetes allows for an object's annotations (${ANNOTATIONS_MAX_BYTES} bytes)`);
  }
  return problems;
}

/**
 * A container's environment variable name, as every Kubernetes version accepts it (letters,
 * digits, '-', '.', '_', not starting with a digit, not '.', '..' or '..'-prefixed).
 */
export function envNameProblem(prop: string, name: string): string | undefined {
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name) || name === '.' || name.startsWith('..')) {
    return `${quote(prop)} has an invalid variable name '${name}' (letters, digits, '-', '.' or '_', not starting with a digit; not '.' or starting with '..')`;
  }
  return undefined;
}

/** An integer within [min, max]. */
export function integerProblem(prop: string, value: number | undefined, min: number, max?: number): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const range = max === undefined ? `an integer of at least ${min}` : `an integer between ${min} and ${max}`;
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    return `${quote(prop)} must be ${range}, got ${value}`;
  }
  return undefined;
}

/** An integer of at least `min` that Kubernetes can store: its replica counts and autoscaler bounds are 32-bit. */
export function int32Problem(prop: string, value: number | undefined, min: number): string | undefined {
  const problem = integerProblem(prop, value, min);
  if (problem === undefined && value !== undefined && value > INT32_MAX) {
    return `${quote(prop)} must be at most ${INT32_MAX} (Kubernetes stores it as a 32-bit integer), got ${value}`;
  }
  return problem;
}

/** Collects problems, then throws them all at once, each prefixed with the construct path. */
export function throwIfProblems(scope: IConstruct, problems: Array<string | undefined>): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length > 0) {
    throw new Error(found.map(p => `[${scope.node.path}] ${p}`).join('\n'));
  }
}

/** Throws the problems of a value made without a construct (a static factory, a value class) all at once. */
export function throwValueProblems(problems: Array<string | undefined>): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length > 0) {
    throw new Error(found.join('\n'));
  }
}

/** Formats a list of allowed values: `v1, v2, v3` or `none`. */
export function listOf(values: string[]): string {
  return values.length === 0 ? 'none' : values.join(', ');
}

function quote(prop: string): string {
  return prop.startsWith("'") ? prop : `'${prop}'`;
}
