/**
 * Checks of the values an AuthorizationPolicy rule holds, one value at a time: what Istio's
 * validation webhook refuses (`ValidateAuthorizationPolicy` and `pkg/config/security`: empty
 * values, IP blocks as Go's `netip` parses them, service accounts, trust domains, path templates,
 * `when` keys and their values), and values that are accepted but can never match what they
 * seem to say (a `*` inside a value is a literal character, a lowercase method, a path without a
 * leading `/`, a principal written with `spiffe://`). Each returns a message naming `prop`, or
 * undefined when the value is fine.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { dnsLabelProblem, dnsSubdomainProblem, integerProblem } from '../validation';

/** How the wildcard forms are said in messages. */
const WILDCARD_FORMS = "one '*' at most, as prefix, suffix or alone";

/** Where a `*` is in a value: none, at the start, at the end, the value alone, or misplaced (inside, or several). */
type Wildcard = 'none' | 'prefix' | 'suffix' | 'alone' | 'misplaced';

function wildcardOf(value: string): Wildcard {
  const count = value.split('*').length - 1;
  if (count === 0) return 'none';
  if (value === '*') return 'alone';
  if (count > 1) return 'misplaced';
  if (value.startsWith('*')) return 'prefix';
  return value.endsWith('*') ? 'suffix' : 'misplaced';
}

/** The value without its wildcard. */
function fixedPart(value: string): string {
  return value.replace('*', '');
}

function quote(prop: string): string {
  return prop.startsWith("'") ? prop : `'${prop}'`;
}

/** An empty value: Istio refuses it in every list of a rule. */
function emptyProblem(prop: string, value: string): string | undefined {
  return value === '' ? `${quote(prop)} must not be empty` : undefined;
}

/** A value with Istio's wildcard forms: exact, `*` as prefix or suffix, or `*` alone. */
function wildcardProblem(prop: string, value: string, example: string): string | undefined {
  return wildcardOf(value) === 'misplaced'
    ? `${quote(prop)} may hold ${WILDCARD_FORMS} (e.g. '${example}'): Istio reads any other '*' as a literal character, got '${value}'`
    : undefined;
}

const PRINCIPAL = /^[^/*\s]+\/ns\/[^/\s]+\/sa\/[^/\s]+$/;

/**
 * A peer principal (`source.principals`, `Caller.principal`): `<trust domain>/ns/<namespace>/sa/<account>`,
 * or a wildcard form of it (`cluster.local/ns/shop/*`, `*`). Istio adds `spiffe://` itself.
 */
export function authorizationPrincipalProblem(prop: string, value: string): string | undefined {
  const problem = emptyProblem(prop, value) ?? wildcardProblem(prop, value, 'cluster.local/ns/shop/*');
  if (problem) return problem;
  if (value.startsWith('spiffe://')) {
    return `${quote(prop)} must not start with 'spiffe://': Istio adds it, write '${value.slice('spiffe://'.length)}'`;
  }
  if (wildcardOf(value) === 'none' && !PRINCIPAL.test(value)) {
    return `${quote(prop)} must be '<trust domain>/ns/<namespace>/sa/<service account>' (e.g. 'cluster.local/ns/shop/sa/frontend'), or ${WILDCARD_FORMS}, got '${value}'`;
  }
  return /\s/.test(value) ? `${quote(prop)} must not contain whitespace, got '${value}'` : undefined;
}

/**
 * A request principal (`source.requestPrincipals`, `Caller.requestPrincipal`): `<issuer>/<subject>`
 * of a validated JWT, or a wildcard form (`<issuer>/*`, `*`). Istio splits at the last `/`.
 */
export function authorizationRequestPrincipalProblem(prop: string, value: string): string | undefined {
  const problem = emptyProblem(prop, value) ?? wildcardProblem(prop, value, 'https://issuer.example.com/*');
  if (problem) return problem;
  const slash = value.lastIndexOf('/');
  if (wildcardOf(value) === 'none' && (slash <= 0 || slash === value.length - 1)) {
    return `${quote(prop)} must be '<issuer>/<subject>' (e.g. 'https://issuer.example.com/alice'), or ${WILDCARD_FORMS}, got '${value}'`;
  }
  return undefined;
}

/** A namespace of the peer's identity: a DNS label, or a wildcard form of one (`team-*`, `*`). */
export function authorizationNamespaceProblem(prop: string, value: string): string | undefined {
  const problem = emptyProblem(prop, value) ?? wildcardProblem(prop, value, 'team-*');
  if (problem) return problem;
  const wildcard = wildcardOf(value);
  if (wildcard === 'alone') return undefined;
  const fixed = fixedPart(value);
  // a prefix or suffix of a label need not start or end with a letter or digit where the '*' is
  const probe = wildcard === 'prefix' ? `a${fixed}` : wildcard === 'suffix' ? `${fixed}a` : fixed;
  return dnsLabelProblem('', probe) === undefined ? undefined
    : `${quote(prop)} must be a namespace name (DNS-1123 label), or ${WILDCARD_FORMS}, got '${value}'`;
}

/** Istio's limit on the service accounts of one list (`serviceAccounts`, `notServiceAccounts`). */
export const SERVICE_ACCOUNTS_MAX = 16;

/**
 * A service account of the peer (`source.serviceAccounts`, `when` key `source.serviceAccount`):
 * `<namespace>/<name>` or `<name>`, no wildcard, at most 320 characters.
 */
export function authorizationServiceAccountProblem(prop: string, value: string): string | undefined {
  const problem = emptyProblem(prop, value);
  if (problem) return problem;
  if (value.includes('*')) {
    return `${quote(prop)} must not contain '*': Istio refuses wildcards in service accounts, got '${value}'`;
  }
  if (value.length > 320) {
    return `${quote(prop)} must be at most 320 characters, got ${value.length}`;
  }
  const parts = value.split('/');
  const valid = (parts.length === 1 && dnsSubdomainProblem('', parts[0]) === undefined)
    || (parts.length === 2 && dnsLabelProblem('', parts[0]) === undefined && dnsSubdomainProblem('', parts[1]) === undefined);
  return valid ? undefined
    : `${quote(prop)} must be '<namespace>/<service account>' or '<service account>' (a DNS-1123 label, then a DNS-1123 subdomain), got '${value}'`;
}

/** A trust domain of the peer's identity: no `/`, Istio's wildcard forms. */
export function authorizationTrustDomainProblem(prop: string, value: string): string | undefined {
  const problem = emptyProblem(prop, value) ?? wildcardProblem(prop, value, '*.example.com');
  if (problem) return problem;
  return value.includes('/') ? `${quote(prop)} must be a trust domain, without '/', got '${value}'` : undefined;
}

/** Go's `netip.ParseAddr`: IPv4 without leading zeros, IPv6 with an optional zone. */
function isGoAddress(value: string): boolean {
  if (/^\d/.test(value) && !value.includes(':')) {
    return isIPv4(value) && value.split('.').every(part => part === '0' || !part.startsWith('0'));
  }
  const [address, zone, ...rest] = value.split('%');
  if (rest.length > 0 || zone === '' || !isIPv6(address)) return false;
  // the IPv4 at the end of an IPv6 address follows the IPv4 rules
  const tail = address.slice(address.lastIndexOf(':') + 1);
  return !tail.includes('.') || tail.split('.').every(part => part === '0' || !part.startsWith('0'));
}

/**
 * An IP address or CIDR block, as Istio parses them (Go's `netip`): `10.1.2.3`, `10.1.0.0/16`,
 * `2001:db8::/32`; no leading zeros, no zone in a block.
 */
export function authorizationIpBlockProblem(prop: string, value: string): string | undefined {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const bits = slash < 0 ? undefined : value.slice(slash + 1);
  const maxBits = address.includes(':') ? 128 : 32;
  const validBits = bits === undefined || (/^(0|[1-9]\d*)$/.test(bits) && Number(bits) <= maxBits && !address.includes('%'));
  return isGoAddress(address) && validBits ? undefined
    : `${quote(prop)} must be an IP address or a CIDR block (e.g. '10.0.0.0/16'), got '${value}'`;
}

/** A host of the request (`to.operation.hosts`): Istio's wildcard forms, no whitespace. */
export function authorizationHostProblem(prop: string, value: string): string | undefined {
  const problem = emptyProblem(prop, value) ?? wildcardProblem(prop, value, '*.example.com');
  if (problem) return problem;
  return /[\s\u0000-\u001f\u007f]/.test(value) ? `${quote(prop)} must not contain whitespace or control characters, got '${value}'` : undefined;
}

/** A port of the workload: an integer 1-65535. */
export function authorizationPortProblem(prop: string, value: number): string | undefined {
  return integerProblem(prop, value, 1, 65535);
}

/** The characters of an HTTP method as requests send them: an RFC 9110 token in uppercase, without `*`. */
const METHOD = /^[A-Z0-9!#$%&'+.^_`|~-]+$/;

/**
 * An HTTP method (`to.operation.methods`, `CallOptions.methods`): an uppercase token such as
 * `GET`. Istio compares the `:method` header case-sensitively.
 */
export function authorizationMethodProblem(prop: string, value: string): string | undefined {
  const problem = emptyProblem(prop, value);
  if (problem) return problem;
  if (METHOD.test(value.toUpperCase()) && /[a-z]/.test(value)) {
    return `${quote(prop)} never matches: methods are case-sensitive and requests send them in uppercase ('${value.toUpperCase()}'), got '${value}'`;
  }
  return METHOD.test(value) ? undefined : `${quote(prop)} must be an HTTP method (an uppercase token such as GET), got '${value}'`;
}

/** Istio's path templates: one segment, and any rest. */
const MATCH_ONE = '{*}';
const MATCH_ANY = '{**}';
/** A literal segment of a path template (RFC 3986 pchar). */
const TEMPLATE_LITERAL = /^[a-zA-Z0-9-._~%!$&'()+,;:@=]+$/;

/** What is wrong with a path's template segments (Istio's `CheckValidPathTemplate`), or undefined. */
function templateProblem(value: string): string | undefined {
  const templated = value.includes(MATCH_ONE) || value.includes(MATCH_ANY);
  let anySeen = false;
  for (const segment of value.replace(/^\/+|\/+$/g, '').split('/')) {
    if (segment === MATCH_ONE || segment === MATCH_ANY) {
      if (anySeen) return `'${MATCH_ANY}' must be the last template segment`;
      anySeen = segment === MATCH_ANY;
      continue;
    }
    if (/[{}]/.test(segment)) {
      return `'{' and '}' are only allowed as whole segments '${MATCH_ONE}' and '${MATCH_ANY}'`;
    }
    if (templated && !TEMPLATE_LITERAL.test(segment)) {
      return `segment '${segment}' of a path template must be made of letters, digits and -._~%!$&'()+,;:@=`;
    }
  }
  return undefined;
}

/**
 * A request path (`to.operation.paths`, `CallOptions.paths`): exact (`/api/v1`), prefix
 * (`/api/*`), suffix (`*.png`), `*`, or a path template (`/users/{*}/orders/{**}`). A path starts
 * with `/` unless it starts with `*`, and has no query string.
 */
export function authorizationPathProblem(prop: string, value: string): string | undefined {
  const problem = emptyProblem(prop, value);
  if (problem) return problem;
  const template = templateProblem(value);
  if (template) {
    return `${quote(prop)} is not a path Istio accepts: ${template}, got '${value}'`;
  }
  // a template's segments are checked above: its '*' are the templates' own
  const templated = value.includes(MATCH_ONE) || value.includes(MATCH_ANY);
  const wildcard = templated ? undefined : wildcardProblem(prop, value, '/api/*');
  if (wildcard) return wildcard;
  if (!value.startsWith('/') && !value.startsWith('*')) {
    return `${quote(prop)} never matches: request paths start with '/', got '${value}'`;
  }
  return value.includes('?') || value.includes('#')
    ? `${quote(prop)} never matches: Istio matches the path without the query string, got '${value}'` : undefined;
}

/** A key of the form `<prefix>[<name>]` (nested `[<a>][<b>]` allowed where `nested`). */
function mapKeyProblem(key: string, prefix: string, nested: boolean): boolean {
  const rest = key.slice(prefix.length);
  const pattern = nested ? /^(\[[^[\]]+\])+$/ : /^\[[^[\]]+\]$/;
  return !pattern.test(rest);
}

/** The `when` keys whose values are matched as they are (no check of their form beyond the wildcard forms). */
const PLAIN_KEYS = ['request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'connection.sni'];
/** Keys Istio's webhook refuses, and what to use instead. */
const REPLACED_KEYS: { [key: string]: string } = {
  'destination.namespace': "the policy's namespace",
  'destination.name': "the policy's selector ('service', 'gateway' or 'selector')",
  'destination.user': "the policy's selector ('service', 'gateway' or 'selector')",
};
const KNOWN_KEYS = 'request.headers[<name>], request.auth.principal, request.auth.audiences, request.auth.presenter, '
  + 'request.auth.claims[<claim>], source.ip, remote.ip, source.namespace, source.principal, source.serviceAccount, '
  + 'source.trustDomain, destination.ip, destination.port, connection.sni, experimental.envoy.filters.<filter>[<key>]';

/** The check of each value of a `when` key, or undefined for an unknown key. */
function valueCheck(key: string): ((prop: string, value: string) => string | undefined) | undefined {
  switch (key) {
    case 'source.ip':
    case 'remote.ip':
    case 'destination.ip':
      return authorizationIpBlockProblem;
    case 'destination.port':
      return (prop, value) => (/^\d+$/.test(value) ? authorizationPortProblem(prop, Number(value)) : `${quote(prop)} must be a port number (1-65535), got '${value}'`);
    case 'source.namespace':
      return authorizationNamespaceProblem;
    case 'source.principal':
      return authorizationPrincipalProblem;
    case 'source.serviceAccount':
      return authorizationServiceAccountProblem;
    case 'source.trustDomain':
      return (prop, value) => emptyProblem(prop, value) ?? wildcardProblem(prop, value, '*.example.com');
    default:
  }
  if (PLAIN_KEYS.includes(key) || ['request.headers', 'request.auth.claims', 'experimental.envoy.filters.'].some(p => key.startsWith(p))) {
    return key === 'request.auth.principal' ? authorizationRequestPrincipalProblem : emptyProblem;
  }
  return undefined;
}

/**
 * What is wrong with a `when` key, or undefined: a key Istio knows, with `[<name>]` where it
 * takes one.
 */
export function authorizationConditionKeyProblem(prop: string, key: string): string | undefined {
  if (REPLACED_KEYS[key] !== undefined || key.startsWith('destination.labels')) {
    const instead = REPLACED_KEYS[key] ?? "the policy's selector ('service', 'gateway' or 'selector')";
    return `${quote(prop)} is '${key}', which Istio's AuthorizationPolicy does not support: use ${instead} instead`;
  }
  const bracketed = [['request.headers', false], ['request.auth.claims', true]] as const;
  for (const [prefix, nested] of bracketed) {
    if (key.startsWith(prefix) && mapKeyProblem(key, prefix, nested)) {
      return `${quote(prop)} must be '${prefix}[<name>]'${nested ? " (nested claims: '[<a>][<b>]')" : ''}, got '${key}'`;
    }
  }
  if (key.startsWith('experimental.envoy.filters.') && !/^experimental\.envoy\.filters\.[^[\]]+\[[^[\]]+\]$/.test(key)) {
    return `${quote(prop)} must be 'experimental.envoy.filters.<filter>[<key>]', got '${key}'`;
  }
  return valueCheck(key) === undefined ? `${quote(prop)} must be an attribute Istio knows (${KNOWN_KEYS}), got '${key}'` : undefined;
}

/**
 * The problems of a `when` condition: its key, at least one of `values` and `notValues`, no empty
 * list, and each value as the key's attribute takes it.
 */
export function authorizationConditionProblems(prop: string, condition: { key: string; values?: string[]; notValues?: string[] }): string[] {
  const keyProblem = authorizationConditionKeyProblem(`${prop}.key`, condition.key);
  if (keyProblem) return [keyProblem];
  const check = valueCheck(condition.key)!;
  const problems: Array<string | undefined> = [];
  if (condition.values === undefined && condition.notValues === undefined) {
    problems.push(`${quote(prop)} needs 'values', 'notValues' or both (key '${condition.key}')`);
  }
  for (const field of ['values', 'notValues'] as const) {
    const list = condition[field];
    if (list !== undefined && list.length === 0) {
      problems.push(`'${prop}.${field}' is empty: leave it out (Istio reads an empty list as left out)`);
    }
    (list ?? []).forEach((v, i) => problems.push(check(`${prop}.${field}[${i}]`, v)));
  }
  return problems.filter((p): p is string => p !== undefined);
}
