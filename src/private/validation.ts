import { IConstruct } from 'constructs';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A DNS-1123 label: what Kubernetes requires of namespace names, subset names and most name parts. */
export function dnsLabelProblem(prop: string, value: string): string | undefined {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
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

/** Collects problems, then throws them all at once, each prefixed with the construct path. */
export function throwIfProblems(scope: IConstruct, problems: Array<string | undefined>): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length > 0) {
    throw new Error(found.map(p => `[${scope.node.path}] ${p}`).join('\n'));
  }
}

/** Formats a list of allowed values: `v1, v2, v3` or `none`. */
export function listOf(values: string[]): string {
  return values.length === 0 ? 'none' : values.join(', ');
}

function quote(prop: string): string {
  return prop.startsWith("'") ? prop : `'${prop}'`;
}
