/**
 * Route order. Istio tries the routes of a VirtualService in order; the Gateway API tries the
 * rules of HTTPRoutes by precedence: an Exact path, then the longest PathPrefix, then a method
 * match, then the most header matches, then the most query parameter matches, and only on a tie
 * the order of the rules. A translation keeps its meaning only when every request that two rules
 * could both match goes to the earlier one under both orders.
 */
import { HttpHeaderMatch, HttpPathMatch, HttpQueryParamMatch, HttpRouteMatch, HttpRouteRule } from './types';
import { normalizePrefix, prefixCovers } from './values';

/** A rule with the label messages name it by. */
export interface LabelledRule {
  readonly label: string;
  readonly rule: HttpRouteRule;
}

const MAX_RULES = 16;
const MAX_MATCHES_PER_ROUTE = 128;

/** Rules of one HTTPRoute whose Gateway API precedence would reverse their order. */
export function precedenceProblems(rules: LabelledRule[]): string[] {
  const problems: string[] = [];
  rules.forEach((later, j) => {
    const earlier = rules.slice(0, j).find(r => r.rule.matches.some(a => later.rule.matches.some(b => overlap(a, b) && compare(b, a) > 0)));
    if (earlier) {
      problems.push(`${later.label} would be tried before ${earlier.label}, which comes first: the Gateway API orders rules by how specific their matches are `
        + '(an exact path, then the longest path prefix, then a method, then the most header and then query parameter matches), not by position, '
        + `and some requests match both; put ${later.label} first, or make the two routes match different requests`);
    }
  });
  return problems;
}

/** The Gateway API's limits on one HTTPRoute. */
export function routeLimitProblems(name: string, rules: HttpRouteRule[]): string[] {
  const matches = rules.reduce((n, r) => n + r.matches.length, 0);
  return [
    ...rules.length > MAX_RULES ? [`HTTPRoute '${name}' would have ${rules.length} rules: the Gateway API allows at most ${MAX_RULES} per HTTPRoute`] : [],
    ...matches > MAX_MATCHES_PER_ROUTE ? [`HTTPRoute '${name}' would have ${matches} matches: the Gateway API allows at most ${MAX_MATCHES_PER_ROUTE} per HTTPRoute`] : [],
  ];
}

/** Positive when `a` takes precedence over `b`, negative when `b` does, 0 on a tie. */
export function compare(a: HttpRouteMatch, b: HttpRouteMatch): number {
  const key = (m: HttpRouteMatch) => [
    m.path.type === 'Exact' ? 1 : 0,
    normalizePrefix(m.path.value).length,
    m.method !== undefined ? 1 : 0,
    (m.headers ?? []).length,
    (m.queryParams ?? []).length,
  ];
  const ka = key(a);
  const kb = key(b);
  const i = ka.findIndex((v, n) => v !== kb[n]);
  return i < 0 ? 0 : ka[i] - kb[i];
}

/** Whether some request could match both (conservative: only clearly exclusive conditions count). */
export function overlap(a: HttpRouteMatch, b: HttpRouteMatch): boolean {
  return pathsOverlap(a.path, b.path)
    && !(a.method !== undefined && b.method !== undefined && a.method !== b.method)
    && !exclusive(a.headers, b.headers, true)
    && !exclusive(a.queryParams, b.queryParams, false);
}

function pathsOverlap(a: HttpPathMatch, b: HttpPathMatch): boolean {
  if (a.type === 'Exact' && b.type === 'Exact') {
    return a.value === b.value;
  }
  if (a.type === 'Exact') {
    return prefixCovers(b.value, a.value);
  }
  if (b.type === 'Exact') {
    return prefixCovers(a.value, b.value);
  }
  return prefixCovers(a.value, b.value) || prefixCovers(b.value, a.value);
}

/** Two lists that require different exact values of one header (or query parameter). */
type ValueMatch = HttpHeaderMatch | HttpQueryParamMatch;

function exclusive(a: ValueMatch[] | undefined, b: ValueMatch[] | undefined, caseInsensitive: boolean): boolean {
  const same = (x: string, y: string) => caseInsensitive ? x.toLowerCase() === y.toLowerCase() : x === y;
  return (a ?? []).some(x => (b ?? []).some(y => same(x.name, y.name) && x.type === 'Exact' && y.type === 'Exact' && x.value !== y.value));
}
