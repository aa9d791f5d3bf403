/**
 * Rules of a VirtualService that can never be used. What istioctl analyze reports through Istio's
 * validation (IST0130 VirtualServiceUnreachableRule, IST0131 VirtualServiceIneffectiveMatch) —
 * a rule after one without matches, a rule whose every match an earlier rule already has, a prefix
 * match covered by an earlier one — and what it does not: a rule after one with a match that
 * admits every request (`prefix: /`, `prefix: ''`, `regex: (?s).*`, an empty match, a match on the
 * host's only port …, decided as the library's own route checks decide it) (MESH001).
 */
import { Check, Context } from '../check';
import { IST, MESH } from '../messages';
import { asArray, Obj } from '../objects';
import { isHttpCatchAllRule, isTcpCatchAllRule, matchScopeOf } from './vs-util';

/** The fields of an HTTP match that hold a StringMatch, and those that map names to one. */
const STRING_MATCHES = ['uri', 'scheme', 'method', 'authority'];
const STRING_MATCH_MAPS = ['headers', 'withoutHeaders', 'queryParams'];

/**
 * An HTTP match as Go's `encoding/json` writes Istio's proto (what istioctl compares): a
 * StringMatch is never empty there (its `MatchType` is written even when unset), so `{}` as a
 * header or `uri` match is a condition, not an omitted value.
 */
function goHttpMatch(m: any): any {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return m;
  const stringMatch = (v: any) => v !== null && typeof v === 'object' ? { matchType: JSON.stringify(v) } : v;
  const out: any = { ...m, name: undefined };
  for (const f of STRING_MATCHES) {
    out[f] = stringMatch(out[f]);
  }
  for (const f of STRING_MATCH_MAPS) {
    if (out[f] !== null && typeof out[f] === 'object' && !Array.isArray(out[f])) {
      out[f] = Object.fromEntries(Object.entries(out[f]).map(([k, v]) => [k, stringMatch(v)]));
    }
  }
  return out;
}

/** A JSON serialization with sorted keys and without empty values (Go's `omitempty`), for comparing matches. */
function canonical(value: any): string {
  const strip = (v: any): any => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    const out: any = {};
    for (const k of Object.keys(v).sort()) {
      const s = strip(v[k]);
      const empty = s === undefined || s === null || s === false || s === '' || s === 0
        || (Array.isArray(s) && s.length === 0) || (typeof s === 'object' && !Array.isArray(s) && Object.keys(s).length === 0);
      if (!empty) out[k] = s;
    }
    return out;
  };
  return JSON.stringify(strip(value) ?? {});
}

function ruleName(rule: any, index: number, http: boolean): string {
  return http && typeof rule?.name === 'string' && rule.name !== '' ? JSON.stringify(rule.name) : `#${index}`;
}

function matchName(match: any, index: number, http: boolean): string {
  return http && typeof match?.name === 'string' && match.name !== '' ? JSON.stringify(match.name) : `#${index}`;
}

interface PrefixMatch {
  readonly rule: string;
  readonly match: string;
  readonly prefix: string;
  readonly port: number;
  readonly method: string;
  readonly authority: string;
  readonly headers: Map<string, string>;
  readonly queryParams: Map<string, string>;
  readonly withoutHeaders: Map<string, string>;
}

function exactOrPrefix(m: any): string {
  if (typeof m?.exact === 'string' && m.exact !== '') return `exact:${m.exact}`;
  if (typeof m?.prefix === 'string' && m.prefix !== '') return `prefix:${m.prefix}`;
  return '';
}

function stringMatches(map: any): Map<string, string> {
  const out = new Map<string, string>();
  if (map && typeof map === 'object') for (const [k, v] of Object.entries(map)) out.set(k, exactOrPrefix(v));
  return out;
}

/** Istio's `genMatchHTTPRoutes`: a URI-prefix match, for the overlap test. */
function prefixMatch(rule: string, match: any, matchLabel: string): PrefixMatch | undefined {
  const prefix = match?.uri?.prefix;
  if (typeof prefix !== 'string' || prefix === '') return undefined;
  return {
    rule,
    match: matchLabel,
    prefix,
    port: Number(match.port ?? 0),
    method: exactOrPrefix(match.method) || 'exact:GET',
    authority: exactOrPrefix(match.authority),
    headers: stringMatches(match.headers),
    queryParams: stringMatches(match.queryParams),
    withoutHeaders: stringMatches(match.withoutHeaders),
  };
}

/** Istio's `coveredValidation`: whether the earlier prefix match `a` covers the later `b`. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  for (const [am, bm] of [[a.headers, b.headers], [a.queryParams, b.queryParams], [a.withoutHeaders, b.withoutHeaders]]) {
    if (am.size !== bm.size) return false;
    for (const [k, v] of am) {
      const w = bm.get(k);
      if (w === undefined || (v !== w && !v.startsWith(w))) return false;
    }
  }
  return true;
}

function analyzeRules(ctx: Context, vs: Obj, section: 'http' | 'tcp' | 'tls'): void {
  const rules = asArray(vs.spec[section]);
  const http = section === 'http';
  const unreachable = new Set<number>();
  const reportUnreachable = (index: number, reason: string) => {
    unreachable.add(index);
    ctx.report(IST.VirtualServiceUnreachableRule, vs, `VirtualService rule ${ruleName(rules[index], index, http)} not used (${reason}).`);
  };
  const seen = new Map<string, number>();
  let emptyMatch = -1;
  const prefixes: PrefixMatch[] = [];
  rules.forEach((rule, r) => {
    if (rule === null || typeof rule !== 'object') return;
    const matches = asArray(rule.match);
    const name = ruleName(rule, r, http);
    if (matches.length === 0) {
      if (emptyMatch >= 0) reportUnreachable(r, 'only the last rule can have no matches');
      emptyMatch = r;
      return;
    }
    if (emptyMatch >= 0) {
      reportUnreachable(r, 'route without matches defined before');
      return;
    }
    let duplicates = 0;
    matches.forEach((m, i) => {
      const key = canonical(http ? goHttpMatch(m) : m);
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.report(IST.VirtualServiceIneffectiveMatch, vs,
          `VirtualService rule ${name} match ${matchName(m, i, http)} is not used (duplicate/overlapping match in rule ${ruleName(rules[first], first, http)}).`);
        duplicates++;
        return;
      }
      seen.set(key, r);
      if (http) {
        const p = prefixMatch(name, m, matchName(m, i, http));
        if (p) prefixes.push(p);
      }
    });
    if (duplicates === matches.length) reportUnreachable(r, 'all matches used by prior rules');
  });

  // prefix matches covered by an earlier one (pairs within one VirtualService)
  for (let a = 0; a < prefixes.length; a++) {
    for (let b = a + 1; b < prefixes.length; b++) {
      if (prefixes[a].prefix === prefixes[b].prefix || !covers(prefixes[a], prefixes[b])) continue;
      ctx.report(IST.VirtualServiceIneffectiveMatch, vs,
        `VirtualService rule ${prefixes[b].rule} match ${prefixes[b].match} of prefix ${prefixes[b].prefix} is not used `
        + `(duplicate/overlapping match in rule ${prefixes[a].match} of prefix ${prefixes[a].prefix} on ${prefixes[a].rule}).`);
    }
  }

  // MESH001: rules after a catch-all that Istio's validation does not flag
  if (section === 'tls') return;
  const scope = matchScopeOf(ctx.model, vs, http ? 'http' : 'tcp');
  const catchAll = rules.findIndex(rule => (http ? isHttpCatchAllRule(rule, scope) : isTcpCatchAllRule(rule, scope)));
  if (catchAll < 0) return;
  for (let r = catchAll + 1; r < rules.length; r++) {
    if (unreachable.has(r)) continue;
    ctx.report(MESH.UnreachableRoute, vs,
      `${section} rule ${ruleName(rules[r], r, http)} is unreachable: rule ${ruleName(rules[catchAll], catchAll, http)} before it matches every `
      + `${http ? 'request' : 'connection'}; put more specific rules first`);
  }
}

export const vsRulesCheck: Check = {
  id: 'virtualservice.unreachable-rules',
  description: 'VirtualService rules that can never be used',
  types: [IST.VirtualServiceUnreachableRule, IST.VirtualServiceIneffectiveMatch, MESH.UnreachableRoute],
  run(ctx) {
    for (const vs of ctx.model.of('VirtualService')) {
      analyzeRules(ctx, vs, 'http');
      analyzeRules(ctx, vs, 'tcp');
      analyzeRules(ctx, vs, 'tls');
    }
  },
};
