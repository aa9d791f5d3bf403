/**
 * Checks for the values Istio's injection annotations and settings accept. Each returns a
 * description of what is allowed (to complete "must be …") plus optional detail, or undefined
 * when the value is fine.
 */
import * as net from 'net';

/** What is wrong with a value: the allowed form and, optionally, which part failed. */
export interface ValueProblem {
  /** Completes "must be …", e.g. `a port number 0-65535`. */
  readonly allowed: string;
  /** The offending part, e.g. `'http' is not a port number`. */
  readonly detail?: string;
}

/** Go's strconv.ParseBool. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

export const GO_BOOL_ALLOWED = 'true or false (also 1, t, T, TRUE, True, 0, f, F, FALSE, False)';

/** A port number 0-65535 (surrounding spaces allowed, as Istio trims them). */
export function portProblem(value: string): ValueProblem | undefined {
  const v = value.trim();
  if (!/^\d+$/.test(v) || Number(v) > 65535) return { allowed: 'a port number 0-65535' };
  return undefined;
}

/** A comma-separated list of ports; empty means none, `*` (when allowed) means all. */
export function portListProblem(value: string, allowStar: boolean): ValueProblem | undefined {
  const allowed = `a comma-separated list of port numbers 0-65535${allowStar ? " or '*'" : ''}`;
  if (allowStar && value === '*') return undefined;
  if (value.trim() === '') return undefined;
  for (const part of value.trim().split(',')) {
    if (portProblem(part)) return { allowed, detail: `'${part}' is not a port number` };
  }
  return undefined;
}

/** The ports of a validated port list as numbers. */
export function parsePortList(value: string): number[] {
  if (value.trim() === '' || value === '*') return [];
  return value.trim().split(',').map(p => Number(p.trim()));
}

function cidrProblem(cidr: string): boolean {
  const slash = cidr.indexOf('/');
  if (slash < 0) return true;
  const ip = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(bits)) return true;
  if (net.isIPv4(ip)) return Number(bits) > 32;
  if (net.isIPv6(ip) && !ip.includes('%')) return Number(bits) > 128;
  return true;
}

/** A comma-separated list of CIDRs; empty means none, `*` (when allowed) means all. */
export function cidrListProblem(value: string, allowStar: boolean): ValueProblem | undefined {
  const allowed = `a comma-separated list of CIDR ranges such as 10.0.0.0/8${allowStar ? " or '*'" : ''}`;
  if (allowStar && value === '*') return undefined;
  if (value === '') return undefined;
  for (const part of value.split(',')) {
    if (cidrProblem(part)) return { allowed, detail: `'${part}' is not a CIDR range` };
  }
  return undefined;
}

/** A non-negative 32-bit integer written in decimal. */
export function uint32Problem(value: string): ValueProblem | undefined {
  if (!/^\d+$/.test(value) || Number(value) > 4294967295) return { allowed: 'a non-negative integer' };
  return undefined;
}

export const ENVOY_LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'];
export const AGENT_LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'fatal', 'none'];

/** An Envoy log level. */
export function envoyLogLevelProblem(value: string): ValueProblem | undefined {
  if (!ENVOY_LOG_LEVELS.includes(value)) return { allowed: `one of ${ENVOY_LOG_LEVELS.join(', ')}` };
  return undefined;
}

/** Envoy per-component levels: `component:level[,component:level…]`. */
export function componentLogLevelProblem(value: string): ValueProblem | undefined {
  const allowed = `a comma-separated list of component:level pairs (levels: ${ENVOY_LOG_LEVELS.join(', ')})`;
  for (const part of value.split(',')) {
    const m = /^([A-Za-z0-9_]+):([a-z]+)$/.exec(part);
    if (!m || !ENVOY_LOG_LEVELS.includes(m[2])) return { allowed, detail: `'${part}' is not component:level` };
  }
  return undefined;
}

/** istio-agent log scopes: `[scope:]level[,…]`. */
export function agentLogLevelProblem(value: string): ValueProblem | undefined {
  const allowed = `a comma-separated list of scope:level pairs (levels: ${AGENT_LOG_LEVELS.join(', ')})`;
  for (const part of value.split(',')) {
    const m = /^(?:([A-Za-z0-9_-]+):)?([a-z]+)$/.exec(part);
    if (!m || !AGENT_LOG_LEVELS.includes(m[2])) return { allowed, detail: `'${part}' is not scope:level` };
  }
  return undefined;
}

/** Renders a problem as "must be …, got '…'" (with detail in parentheses). */
export function describeProblem(subject: string, value: string, p: ValueProblem): string {
  return `${subject} must be ${p.allowed}, got '${value}'${p.detail ? ` (${p.detail})` : ''}`;
}
