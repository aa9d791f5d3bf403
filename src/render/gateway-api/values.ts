/**
 * Values as the Gateway API spells and checks them: durations (GEP-2257), fractions, RE2
 * escaping, path, hostname and header-value rules of the CRDs (including their CEL
 * rules, which the OpenAPI schemas alone do not carry), and the wording of "cannot be expressed"
 * and "lists … twice" errors.
 */
import { Duration } from 'cdk8s';
import { DURATION_UNITS } from '../../private/duration';

/** How many headers (or query parameters) a match or a header filter takes. */
export const MAX_HEADERS = 16;
/** A header value as the Gateway API's experimental channel checks it (RFC 7230 field content). */
export const HEADER_VALUE = /^[!-~]+([\t ]?[!-~]+)*$/;
export const HEADER_VALUE_RULE = 'must be printable US-ASCII, words separated by single spaces or tabs, in the Gateway API';
/** PreciseHostname: a DNS subdomain, no wildcard, no port. */
const PRECISE_HOSTNAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** CORSOrigin: `*`, or `http(s)://host[:port]` with an optional leading `*.` wildcard. */
const CORS_ORIGIN = /^(\*|https?:\/\/((\*\.)?([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\*)(:[0-9]{1,5})?)$/;
/** Characters an Exact or PathPrefix path may contain (the HTTPRoute CRD's CEL rule). */
const PATH_CHARACTERS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;

/** The methods an HTTPRoute can match. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
/** The status codes of a RequestRedirect filter. */
export const REDIRECT_CODES = [301, 302, 303, 307, 308];

/**
 * The error for a setting the Gateway API cannot express:
 * `<feature> ('<prop>') cannot be expressed with the Gateway API[: <why>]`.
 */
export function unsupported(feature: string, prop: string, why?: string): string {
  return `${feature} ('${prop}') cannot be expressed with the Gateway API${why === undefined ? '' : `: ${why}`}`;
}

/**
 * The error for a setting only the Gateway API's experimental channel can express:
 * `<feature> ('<prop>') cannot be expressed with the Gateway API's standard channel: <why>`.
 */
export function unsupportedInStandardChannel(feature: string, prop: string, why: string): string {
  return `${feature} ('${prop}') cannot be expressed with the Gateway API's standard channel: ${why}`;
}

const MAX_PART = 99_999;

/**
 * A duration as the Gateway API writes it (GEP-2257): hours, minutes, seconds and milliseconds,
 * each at most five digits, zero parts left out (`1h`, `1m30s`, `1s500ms`). Callers check with
 * `gatewayDurationProblem` first (and `durationProblem`: whole milliseconds, at least 1ms).
 */
export function toGatewayDuration(d: Duration): string {
  let ms = d.toMilliseconds({ integral: false });
  let out = '';
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(ms / size);
    if (n > 0) {
      out += `${n}${unit}`;
      ms -= n * size;
    }
  }
  return out;
}

/** Durations of more than 99,999 hours do not fit GEP-2257's five digits. */
export function gatewayDurationProblem(prop: string, d: Duration): string | undefined {
  const hours = d.toMilliseconds({ integral: false }) / 3_600_000;
  return hours >= MAX_PART + 1 ? `'${prop}' must be below ${MAX_PART + 1} hours in the Gateway API, got ${Math.floor(hours)} hours` : undefined;
}

/**
 * A percentage (0–100, fractions allowed) as a RequestMirror filter takes it: a whole `percent`,
 * else a `fraction` in millionths (Envoy's precision, as in Istio's mode), reduced.
 */
export function toMirrorShare(percentage: number): { percent?: number; fraction?: { numerator: number; denominator: number } } {
  if (Number.isInteger(percentage)) {
    return { percent: percentage };
  }
  let numerator = Math.round(percentage * 10_000);
  let denominator = 1_000_000;
  const divisor = gcd(numerator, denominator);
  numerator /= divisor;
  denominator /= divisor;
  return { fraction: { numerator, denominator } };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A literal string as an RE2 pattern. */
export function escapeRe2(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The rules of the HTTPRoute CRD for Exact and PathPrefix path values. */
export function pathValueProblem(prop: string, value: string): string | undefined {
  const bad = (rule: string) => `'${prop}' ${rule} in the Gateway API, got '${value}'`;
  if (!value.startsWith('/')) {
    return bad("must be an absolute path starting with '/'");
  }
  if (value.length > 1024) {
    return `'${prop}' must be at most 1024 characters in the Gateway API, got ${value.length}`;
  }
  for (const part of ['//', '/./', '/../', '%2f', '%2F', '#']) {
    if (value.includes(part)) {
      return bad(`must not contain '${part}'`);
    }
  }
  if (value.endsWith('/..') || value.endsWith('/.')) {
    return bad("must not end with '/.' or '/..'");
  }
  if (!PATH_CHARACTERS.test(value)) {
    return bad("may contain only letters, digits, -._~!$&'()*+,;=:@/ and %-escapes");
  }
  return undefined;
}

/** A hostname without wildcard or port (redirects, rewrites). */
export function preciseHostnameProblem(prop: string, value: string): string | undefined {
  return value.length > 253 || !PRECISE_HOSTNAME.test(value)
    ? `'${prop}' must be a host name without port or wildcard in the Gateway API (lowercase letters, digits, '-' and '.'), got '${value}'`
    : undefined;
}

/** A CORS origin the Gateway API accepts. */
export function isCorsOrigin(value: string): boolean {
  return value.length <= 253 && CORS_ORIGIN.test(value);
}

/** `'<prop>' lists '<x>' twice: <why>` for each value given more than once (`key` makes values equal). */
export function duplicates(prop: string, values: string[], why: string, key: (v: string) => string = v => v): string[] {
  const seen = new Set<string>();
  const reported = new Set<string>();
  const problems: string[] = [];
  for (const v of values) {
    const k = key(v);
    if (seen.has(k) && !reported.has(k)) {
      problems.push(`'${prop}' lists '${v}' twice: ${why}`);
      reported.add(k);
    }
    seen.add(k);
  }
  return problems;
}

/** Adds `problem` to `problems` when there is one. */
export function pushIf(problems: string[], problem: string | undefined): void {
  if (problem !== undefined) {
    problems.push(problem);
  }
}
