/**
 * Checks of `RequestAuthenticationOptions`: what Istio's webhook (`validateJwtRule`) and the
 * RequestAuthentication CRD (its CEL rules and patterns) refuse, and what cannot work as written
 * (no rule, the same issuer twice, a JWKS URI without a host, a header name that is no token).
 */
import { JwtRule, RequestAuthenticationOptions } from '../../request-authentication';
import { optionalDurationProblem } from '../duration';
import { TOKEN, TOKEN_CHARACTERS } from '../header-name';

/** The CRD's limits. */
const JWKS_URI_MAX = 2048;
const JWT_RULES_MAX = 4096;
/** Header names Istio writes claims to (the CRD's pattern, and the webhook's strict header names). */
const CLAIM_HEADER = /^[-_A-Za-z0-9]+$/;

/** A JSON Web Key Set, or a single key, as a JWKS parser reads it: JSON objects with `kty`. */
function jwksProblem(prop: string, jwks: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch {
    return `'${prop}' must be a JSON Web Key Set (JSON), got text that is not JSON`;
  }
  const isKey = (k: unknown) => typeof k === 'object' && k !== null && typeof (k as { kty?: unknown }).kty === 'string' && (k as { kty: string }).kty !== '';
  const keys = typeof parsed === 'object' && parsed !== null && 'keys' in parsed ? (parsed as { keys: unknown }).keys : [parsed];
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every(isKey)) {
    return `'${prop}' must be a JSON Web Key Set ({"keys": [...]}, each key with its "kty") or a single key`;
  }
  return undefined;
}

/** A JWKS URI: an http:// or https:// URL with a host, at most 2048 characters. */
function jwksUriProblem(prop: string, uri: string): string | undefined {
  let url: URL | undefined;
  try {
    url = new URL(uri);
  } catch {
    url = undefined;
  }
  if (!/^https?:\/\//i.test(uri) || url === undefined || url.hostname === '' || /\s/.test(uri)) {
    return `'${prop}' must be an http:// or https:// URL with a host, got '${uri}'`;
  }
  return uri.length > JWKS_URI_MAX ? `'${prop}' must be at most ${JWKS_URI_MAX} characters, got ${uri.length}` : undefined;
}

function tokenProblem(prop: string, value: string, what: string): string | undefined {
  return TOKEN.test(value) ? undefined : `'${prop}' must be ${what} (${TOKEN_CHARACTERS}), got '${value}'`;
}

function listProblems(prop: string, list: string[] | undefined, check: (p: string, v: string) => string | undefined): Array<string | undefined> {
  return [
    list !== undefined && list.length === 0 ? `'${prop}' is empty: leave it out for the default` : undefined,
    ...(list ?? []).map((v, i) => check(`${prop}[${i}]`, v)),
  ];
}

function jwtRuleProblems(prop: string, rule: JwtRule): Array<string | undefined> {
  return [
    rule.issuer === '' ? `'${prop}.issuer' must not be empty` : undefined,
    /\s/.test(rule.issuer) ? `'${prop}.issuer' must not contain whitespace, got '${rule.issuer}'` : undefined,
    rule.jwks !== undefined && rule.jwksUri !== undefined ? `'${prop}' gives 'jwks' and 'jwksUri': give one (Istio refuses both)` : undefined,
    rule.jwksUri !== undefined ? jwksUriProblem(`${prop}.jwksUri`, rule.jwksUri) : undefined,
    rule.jwks !== undefined ? jwksProblem(`${prop}.jwks`, rule.jwks) : undefined,
    ...listProblems(`${prop}.audiences`, rule.audiences, (p, v) => (v === '' ? `'${p}' must not be empty` : undefined)),
    ...(rule.fromHeaders ?? []).map((h, i) => tokenProblem(`${prop}.fromHeaders[${i}].name`, h.name, 'a header name')),
    rule.fromHeaders !== undefined && rule.fromHeaders.length === 0 ? `'${prop}.fromHeaders' is empty: leave it out for the default` : undefined,
    ...listProblems(`${prop}.fromParams`, rule.fromParams, (p, v) => (v === '' ? `'${p}' must not be empty` : undefined)),
    ...listProblems(`${prop}.fromCookies`, rule.fromCookies, (p, v) => tokenProblem(p, v, 'a cookie name')),
    rule.outputPayloadToHeader !== undefined ? tokenProblem(`${prop}.outputPayloadToHeader`, rule.outputPayloadToHeader, 'a header name') : undefined,
    rule.outputClaimToHeaders !== undefined && rule.outputClaimToHeaders.length === 0 ? `'${prop}.outputClaimToHeaders' is empty: leave it out` : undefined,
    ...(rule.outputClaimToHeaders ?? []).flatMap((c, i) => [
      CLAIM_HEADER.test(c.header) ? undefined
        : `'${prop}.outputClaimToHeaders[${i}].header' must be a header name of letters, digits, '-' and '_', got '${c.header}'`,
      c.claim === '' ? `'${prop}.outputClaimToHeaders[${i}].claim' must not be empty` : undefined,
    ]),
    optionalDurationProblem(`${prop}.timeout`, rule.timeout),
  ];
}

/**
 * The problems of JWT validation options (`prop` names them, e.g. `requestAuthentication`): at
 * least one rule, distinct issuers, and each rule's values.
 */
export function requestAuthenticationProblems(prop: string, options: RequestAuthenticationOptions): string[] {
  const rules = options.jwtRules;
  const problems: Array<string | undefined> = [
    rules.length === 0 ? `'${prop}.jwtRules' is empty: give the issuers whose tokens are validated` : undefined,
    rules.length > JWT_RULES_MAX ? `'${prop}.jwtRules' may hold at most ${JWT_RULES_MAX} rules, got ${rules.length}` : undefined,
    ...rules.flatMap((r, i) => jwtRuleProblems(`${prop}.jwtRules[${i}]`, r)),
    ...options.requireToken ? rules.map((r, i) => (r.issuer.includes('*')
      ? `'${prop}.jwtRules[${i}].issuer' must not contain '*' with 'requireToken': the policy that requires a token names issuers in request principals, where '*' is a wildcard, got '${r.issuer}'`
      : undefined)) : [],
    ...rules.map((r, i) => {
      const first = rules.findIndex(o => o.issuer === r.issuer);
      return first < i ? `'${prop}.jwtRules[${i}].issuer' '${r.issuer}' is already given at jwtRules[${first}]: give each issuer once` : undefined;
    }),
  ];
  return problems.filter((p): p is string => p !== undefined);
}
