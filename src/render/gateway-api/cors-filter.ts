/**
 * An HTTP route's `corsPolicy` as a CORS filter: origins (exact, or any: `*`), methods and
 * headers as the Gateway API takes them (sets, at most 64 entries).
 */
import { duplicates, isCorsOrigin, unsupported } from './values';
import { CorsPolicy } from '../../cors-policy';
import { HttpRouteSpecRulesFiltersCors, HttpRouteSpecRulesFiltersCorsAllowMethods } from '../../imports/gateway.networking.k8s.io';
import { regexMatchesEveryValue } from '../../private/re2/match-all';
import { StringMatch } from '../../string-match';

const MAX_CORS_ENTRIES = 64;

/** An origin regex that matches every origin (`.*`, `(?s).*`, `.+` …): the Gateway API's `*`. */
function anyOrigin(o: StringMatch): boolean {
  return o.kind === 'regex' && regexMatchesEveryValue(o.value);
}

/** The CORS filter of a route's `corsPolicy`. */
export function convertCors(c: CorsPolicy): { filter: HttpRouteSpecRulesFiltersCors; problems: string[] } {
  const problems: string[] = [];
  const origins: string[] = [];
  c.allowOrigins.forEach((o, i) => {
    const prop = `corsPolicy.allowOrigins[${i}]`;
    if (anyOrigin(o)) {
      origins.push('*');
    } else if (o.kind !== 'exact') {
      problems.push(unsupported(`a ${o.kind} origin match`, prop, "a CORS filter lists origins ('https://shop.example.com', '*.' wildcards, or '*' for any: StringMatch.regex('.*'))"));
    } else if (o.value.includes('*')) {
      problems.push(`'${prop}' '${o.value}' contains '*', which the Gateway API reads as a wildcard and Istio as a literal character: for any origin use StringMatch.regex('.*')`);
    } else if (!isCorsOrigin(o.value)) {
      problems.push(`'${prop}' must be an origin 'http(s)://host[:port]' in the Gateway API, got '${o.value}'`);
    } else {
      origins.push(o.value);
    }
  });
  if (c.allowOrigins.some(anyOrigin) && !c.allowOrigins.every(anyOrigin)) {
    problems.push("'corsPolicy.allowOrigins' allows any origin (StringMatch.regex('.*')) and lists others: the Gateway API takes '*' only as the single origin, so give StringMatch.regex('.*') alone or only the origins");
  }
  const methods = c.allowMethods;
  if (methods !== undefined && methods.includes('*') && methods.length > 1) {
    problems.push("'corsPolicy.allowMethods' must not list '*' together with other methods in the Gateway API");
  }
  const set = "the Gateway API's CORS lists are sets";
  problems.push(
    ...duplicates('corsPolicy.allowOrigins', origins, set),
    ...duplicates('corsPolicy.allowMethods', methods ?? [], set),
    ...duplicates('corsPolicy.allowHeaders', c.allowHeaders ?? [], set),
    ...duplicates('corsPolicy.exposeHeaders', c.exposeHeaders ?? [], set),
  );
  for (const list of ['allowOrigins', 'allowHeaders', 'exposeHeaders'] as const) {
    const n = (c[list] ?? []).length;
    if (n > MAX_CORS_ENTRIES) {
      problems.push(`'corsPolicy.${list}' has ${n} entries: a CORS filter takes at most ${MAX_CORS_ENTRIES}`);
    }
  }
  return {
    problems,
    filter: {
      allowOrigins: origins,
      // Istio accepts the same methods (and '*') as the Gateway API
      allowMethods: methods && methods.length > 0 ? methods as HttpRouteSpecRulesFiltersCorsAllowMethods[] : undefined,
      allowHeaders: c.allowHeaders && c.allowHeaders.length > 0 ? [...c.allowHeaders] : undefined,
      exposeHeaders: c.exposeHeaders && c.exposeHeaders.length > 0 ? [...c.exposeHeaders] : undefined,
      // the API server writes 5 (seconds) when left out; browsers assume 5 seconds without the header, as in Istio's mode
      maxAge: c.maxAge !== undefined ? c.maxAge.toSeconds() : 5,
      allowCredentials: c.allowCredentials,
    },
  };
}
