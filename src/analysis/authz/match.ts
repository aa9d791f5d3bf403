/**
 * Whether one rule of an AuthorizationPolicy matches a request, as the RBAC filters Istio
 * generates for it decide (Istio's `pilot/pkg/security/authz/model`): the `from` entries are
 * OR-ed, and so are the `to` entries; within an entry every field is AND-ed, and within a field
 * its values are OR-ed, `not*` values negated; every `when` condition must hold too. The answer is
 * three-valued (tri.ts): a condition on something the request description does not know is
 * unknown.
 *
 * Values, per field:
 * - principals, request principals, namespaces, service accounts, trust domains, paths: exact,
 *   `prefix*`, `*suffix`, or `*` (any non-empty value); namespaces and service accounts are read out
 *   of the peer's identity, so a plain-text request (no identity) matches none of these;
 * - hosts: the same, ignoring case; methods and headers: `*` means present;
 * - ports: the destination port on the workload; ip blocks: an address or CIDR range;
 * - paths: also templates, `{*}` (one segment) and `{**}` (the rest).
 *
 * On TCP (the network filter), the HTTP-only fields (request principals, hosts, methods, paths,
 * `request.*` conditions) cannot be read: an ALLOW rule with one never matches, and other actions
 * drop the field (so a DENY rule matches more). A value Istio cannot read (an invalid port or IP
 * range) makes an ALLOW rule never match, and is left out of other actions' rules; a rule with a
 * `when` key Istio does not know is skipped.
 */
import { and, not, or, Tri } from './tri';
import { AuthzRequest } from './types';
import { asArray } from '../objects';

/** A value Istio cannot turn into a matcher (an invalid port or address). */
const INVALID = Symbol('invalid');
type Outcome = Tri | typeof INVALID;

/** A field's matcher: HTTP only or not, and how one value matches the request. */
interface Field {
  readonly httpOnly: boolean;
  match(value: string, request: AuthzRequest): Outcome;
}

/** Envoy's string matcher as Istio builds it from a policy value: `*`, `*suffix`, `prefix*`, exact. */
export function stringMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (p === '*') return v.length > 0;
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  return v === p;
}

/** A header matcher: `*` is presence; otherwise as `stringMatch`, case-sensitive. */
function headerValueMatch(pattern: string, value: string): boolean {
  return pattern === '*' ? true : stringMatch(pattern, value);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The peer identity as Envoy sees it (`spiffe://td/ns/x/sa/y`); null for plain text, undefined when unknown. */
function spiffe(request: AuthzRequest): string | null | undefined {
  if (request.principal === null) return null;
  return request.principal === undefined ? undefined : `spiffe://${request.principal}`;
}

/** The source namespace as known without the principal: `namespace` of the request, else undefined. */
function sourceNamespace(request: AuthzRequest): string | null | undefined {
  if (request.principal === null) return null;
  if (request.principal !== undefined) {
    const m = /(?:^|\/)ns\/([^/]+)\//.exec(request.principal);
    return m ? m[1] : undefined;
  }
  return request.namespace;
}

const principalField: Field = {
  httpOnly: false,
  match(value, request) {
    const id = spiffe(request);
    if (id === undefined) return undefined;
    if (id === null) return false;
    return stringMatch(value, id.slice('spiffe://'.length));
  },
};

const namespaceField: Field = {
  httpOnly: false,
  match(value, request) {
    const id = spiffe(request);
    if (id === null) return false;
    const glob = value.split('*').map(escapeRegex).join('.*');
    if (id !== undefined) return new RegExp(`^.*/ns/${glob}/.*$`).test(id);
    const ns = sourceNamespace(request);
    if (ns === undefined || ns === null) return undefined;
    // the identity is `<td>/ns/<ns>/sa/<sa>`: a name without `*` is decided by the namespace alone
    if (!value.includes('*')) return ns === value;
    return new RegExp(`^${glob}$`).test(ns) ? true : undefined;
  },
};

/** `serviceAccounts`: `namespace/name`, or `name` in the policy's namespace. */
function serviceAccountField(policyNamespace: string): Field {
  return {
    httpOnly: false,
    match(value, request) {
      const slash = value.indexOf('/');
      const ns = slash >= 0 ? value.slice(0, slash) : policyNamespace;
      const sa = slash >= 0 ? value.slice(slash + 1) : value;
      const id = spiffe(request);
      if (id === null) return false;
      if (id !== undefined) return new RegExp(`^spiffe://.+/ns/${escapeRegex(ns)}/(.+/|)sa/${escapeRegex(sa)}(/.+)?$`).test(id);
      const known = sourceNamespace(request);
      return known !== undefined && known !== null && known !== ns ? false : undefined;
    },
  };
}

const trustDomainField: Field = {
  httpOnly: false,
  match(value, request) {
    const id = spiffe(request);
    if (id === undefined) return undefined;
    if (id === null) return false;
    if (value === '*') return true;
    if (!value.includes('*')) return id.startsWith(`spiffe://${value}/`);
    const star = value.indexOf('*');
    return new RegExp(`^spiffe://${escapeRegex(value.slice(0, star))}[^/]*${escapeRegex(value.slice(star + 1))}/.*$`).test(id);
  },
};

/** An IPv4 or IPv6 address as a bit string; undefined when not one. */
function addressBits(address: string): string | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) {
    const parts = address.split('.').map(Number);
    if (parts.some(p => p > 255)) return undefined;
    return parts.map(p => p.toString(2).padStart(8, '0')).join('');
  }
  if (!address.includes(':') || !/^[0-9a-fA-F:]+$/.test(address)) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array(missing).fill('0'), ...tail];
  if (groups.some(g => g.length === 0 || g.length > 4)) return undefined;
  return groups.map(g => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
}

/** Whether an address is in a range (`a.b.c.d`, `a.b.c.d/n`, IPv6 alike); INVALID when the range is not one. */
function inRange(range: string, address: string): Outcome {
  const [base, lengthText] = range.split('/');
  const bits = addressBits(base);
  if (bits === undefined) return INVALID;
  const length = lengthText === undefined ? bits.length : Number(lengthText);
  if (!/^\d+$/.test(lengthText ?? '0') || length > bits.length) return INVALID;
  const candidate = addressBits(address);
  if (candidate === undefined || candidate.length !== bits.length) return false;
  return candidate.slice(0, length) === bits.slice(0, length);
}

function ipField(of: (request: AuthzRequest) => string | undefined): Field {
  return {
    httpOnly: false,
    match(value, request) {
      const address = of(request);
      if (address === undefined) {
        return addressBits(value.split('/')[0]) === undefined ? INVALID : undefined;
      }
      return inRange(value, address);
    },
  };
}

/** `requestPrincipals`: `iss/sub`, split at the last `/`, each part with `*` forms (Istio's requestPrincipalGenerator). */
const requestPrincipalField: Field = {
  httpOnly: true,
  match(value, request) {
    const rp = request.requestPrincipal;
    if (rp === undefined) return undefined;
    if (rp === null) return false;
    const at = rp.lastIndexOf('/');
    const iss = at >= 0 ? rp.slice(0, at) : rp;
    const sub = at >= 0 ? rp.slice(at + 1) : '';
    const slash = value.lastIndexOf('/');
    const found = slash >= 0;
    const vIss = found ? value.slice(0, slash) : value;
    const vSub = found ? value.slice(slash + 1) : '';
    const any = (s: string) => s.length > 0;
    if (value === '*') return any(iss) && any(sub);
    if (value.startsWith('*')) {
      if (found) return (vIss === '*' ? any(iss) : iss.endsWith(vIss.slice(1))) && sub === vSub;
      return any(iss) && sub.endsWith(value.slice(1));
    }
    if (value.endsWith('*')) {
      if (found) return iss === vIss && (vSub === '*' ? any(sub) : sub.startsWith(vSub.slice(0, -1)));
      return iss.startsWith(value.slice(0, -1)) && any(sub);
    }
    return iss === vIss && sub === vSub;
  },
};

/** Claims of the JWT (audiences, presenter, claims): no JWT matches none; otherwise unknown. */
const jwtClaimField: Field = {
  httpOnly: true,
  match(_value, request) {
    return request.requestPrincipal === null ? false : undefined;
  },
};

const portField: Field = {
  httpOnly: false,
  match(value, request) {
    if (!/^\d+$/.test(value) || Number(value) > 65535) return INVALID;
    return request.port === undefined ? undefined : request.port === Number(value);
  },
};

/** A path template (`{*}`, `{**}`) as a regular expression over the path. */
function templateMatch(template: string, path: string): boolean {
  const source = template.split(/(\{\*\*\}|\{\*\})/).map(part => {
    if (part === '{**}') return '.*';
    if (part === '{*}') return '[^/]+';
    return escapeRegex(part);
  }).join('');
  return new RegExp(`^${source}$`).test(path);
}

const pathField: Field = {
  httpOnly: true,
  match(value, request) {
    if (request.path === undefined) return undefined;
    const path = request.path.split('?')[0];
    if (value.includes('{*}') || value.includes('{**}')) return templateMatch(value, path);
    return stringMatch(value, path);
  },
};

const methodField: Field = {
  httpOnly: true,
  match(value, request) {
    return request.method === undefined ? undefined : headerValueMatch(value, request.method);
  },
};

const hostField: Field = {
  httpOnly: true,
  match(value, request) {
    if (request.host === undefined) return undefined;
    return value === '*' ? true : stringMatch(value, request.host, true);
  },
};

function headerField(name: string): Field {
  return {
    httpOnly: true,
    match(value, request) {
      const key = Object.keys(request.headers ?? {}).find(k => k.toLowerCase() === name.toLowerCase());
      if (key === undefined) return request.headersComplete ? false : undefined;
      return headerValueMatch(value, request.headers![key]);
    },
  };
}

const unknownField = (httpOnly: boolean): Field => ({ httpOnly, match: () => undefined });

/** The matcher of a `when` key; undefined for a key Istio does not know (the rule is skipped). */
function whenField(key: string, policyNamespace: string): Field | undefined {
  const bracketed = (prefix: string) => key.startsWith(`${prefix}[`) && key.endsWith(']') ? key.slice(prefix.length + 1, -1) : undefined;
  switch (key) {
    case 'source.ip': return ipField(r => r.sourceIp);
    case 'remote.ip': return ipField(r => r.remoteIp);
    case 'source.namespace': return namespaceField;
    case 'source.principal': return principalField;
    case 'source.serviceAccount': return serviceAccountField(policyNamespace);
    case 'source.trustDomain': return trustDomainField;
    case 'request.auth.principal': return requestPrincipalField;
    case 'request.auth.audiences':
    case 'request.auth.presenter': return jwtClaimField;
    case 'destination.port': return portField;
    case 'destination.ip':
    case 'connection.sni': return unknownField(false);
    default:
  }
  if (key.startsWith('experimental.envoy.filters.')) return unknownField(false);
  if (key.startsWith('request.auth.claims')) return jwtClaimField;
  if (key.startsWith('request.headers')) {
    const name = bracketed('request.headers');
    return name === undefined ? undefined : headerField(name);
  }
  return undefined;
}

/** One condition of a rule: a field with its values and not-values. */
interface Condition {
  readonly field: Field;
  readonly values: readonly string[];
  readonly notValues: readonly string[];
}

function strings(value: unknown): string[] {
  return asArray(value).map(String);
}

function condition(field: Field, values: unknown, notValues: unknown): Condition | undefined {
  const c = { field, values: strings(values), notValues: strings(notValues) };
  return c.values.length === 0 && c.notValues.length === 0 ? undefined : c;
}

function sourceConditions(source: any, policyNamespace: string): Condition[] {
  if (source === null || typeof source !== 'object') return [];
  return [
    condition(ipField(r => r.sourceIp), source.ipBlocks, source.notIpBlocks),
    condition(ipField(r => r.remoteIp), source.remoteIpBlocks, source.notRemoteIpBlocks),
    condition(namespaceField, source.namespaces, source.notNamespaces),
    condition(trustDomainField, source.trustDomains, source.notTrustDomains),
    condition(serviceAccountField(policyNamespace), source.serviceAccounts, source.notServiceAccounts),
    condition(requestPrincipalField, source.requestPrincipals, source.notRequestPrincipals),
    condition(principalField, source.principals, source.notPrincipals),
  ].filter((c): c is Condition => c !== undefined);
}

function operationConditions(operation: any): Condition[] {
  if (operation === null || typeof operation !== 'object') return [];
  return [
    condition(portField, operation.ports, operation.notPorts),
    condition(pathField, operation.paths, operation.notPaths),
    condition(methodField, operation.methods, operation.notMethods),
    condition(hostField, operation.hosts, operation.notHosts),
  ].filter((c): c is Condition => c !== undefined);
}

/** Signals that the whole rule is not generated (an ALLOW rule Istio skips). */
class Skipped extends Error {}

/**
 * A condition's value: its values OR-ed, AND its not-values OR-ed and negated. For an ALLOW rule,
 * an unreadable value or an HTTP-only field on TCP skips the rule; for others they are dropped.
 */
function evaluateCondition(c: Condition, request: AuthzRequest, allow: boolean): Tri {
  if (c.field.httpOnly && request.protocol === 'tcp') {
    if (allow) throw new Skipped();
    return true;
  }
  const outcomes = (values: readonly string[]): Tri[] => {
    const out: Tri[] = [];
    for (const v of values) {
      const o = c.field.match(v, request);
      if (o === INVALID) {
        if (allow) throw new Skipped();
        continue;
      }
      out.push(o);
    }
    return out;
  };
  const parts: Tri[] = [];
  const positive = outcomes(c.values);
  if (positive.length > 0) parts.push(or(positive));
  const negative = outcomes(c.notValues);
  if (negative.length > 0) parts.push(not(or(negative)));
  return and(parts);
}

/**
 * Whether a rule matches the request: true, false, or undefined (unknown). `action` is the policy's
 * (ALLOW rules are skipped where Istio cannot generate them; other actions drop those fields).
 */
export function ruleMatches(rule: any, policyNamespace: string, action: string, request: AuthzRequest): Tri {
  if (rule === null || typeof rule !== 'object') return false;
  const allow = action === 'ALLOW';
  const when: Condition[] = [];
  for (const w of asArray(rule.when)) {
    const field = whenField(String(w?.key ?? ''), policyNamespace);
    if (!field) return false;
    const c = condition(field, w?.values, w?.notValues);
    if (c) when.push(c);
  }
  const all = (conditions: readonly Condition[]) => and(conditions.map(c => evaluateCondition(c, request, allow)));
  try {
    const froms = asArray(rule.from).map(f => all(sourceConditions(f?.source, policyNamespace)));
    const tos = asArray(rule.to).map(t => all(operationConditions(t?.operation)));
    // evaluate every part, so that an ALLOW rule Istio skips is skipped whatever the order
    const whens = all(when);
    return and([froms.length === 0 ? true : or(froms), tos.length === 0 ? true : or(tos), whens]);
  } catch (e) {
    if (e instanceof Skipped) return false;
    throw e;
  }
}
