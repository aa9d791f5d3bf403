/**
 * Route order. Istio tries the routes of a VirtualService in order; the Gateway API tries the
 * rules of HTTPRoutes by precedence: an Exact path, then the longest PathPrefix, then a method
 * match, then the most header matches, then the most query parameter matches, and only on a tie
 * the order of the rules. A translation keeps its meaning only when every request that two rules
 * could both match goes to the earlier one under both orders.
 */
import { HttpRouteSpecRules, HttpRouteSpecRulesMatches, HttpRouteSpecRulesMatchesPathType } from '../../imports/gateway.networking.k8s.io';
import { normalizePrefix, prefixCovers } from '../../private/path-prefix';

/** A rule with the label messages name it by. */
export interface LabelledRule {
  readonly label: string;
  readonly rule: HttpRouteSpecRules;
}

const MAX_RULES = 16;
const MAX_MATCHES_PER_ROUTE = 128;

/** A path match with the API server's defaults filled in (`PathPrefix`, `/`). */
interface PathMatch {
  readonly type: HttpRouteSpecRulesMatchesPathType;
  readonly value: string;
}

/** The matches of a rule, as the API server defaults them: one `PathPrefix /` match when none is given. */
function matchesOf(rule: HttpRouteSpecRules): HttpRouteSpecRulesMatches[] {
  return rule.matches ?? [{}];
}

/** The path of a match, as the API server defaults it. */
function pathOf(m: HttpRouteSpecRulesMatches): PathMatch {
  return { type: m.path?.type ?? HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: m.path?.value ?? '/' };
}

/** How HTTPRoute precedence orders rules, as messages say it. */
export const HTTP_ORDER = 'an exact path, then the longest path prefix, then a method, then the most header and then query parameter matches';

/**
 * Rules of one route whose Gateway API precedence would reverse their order (`order` says how the
 * route kind orders them; a GRPCRoute's rules are given here as the paths Istio matches).
 */
export function precedenceProblems(rules: LabelledRule[], order: string = HTTP_ORDER): string[] {
  const problems: string[] = [];
  rules.forEach((later, j) => {
    const earlier = rules.slice(0, j).find(r => matchesOf(r.rule).some(a => matchesOf(later.rule).some(b => overlap(a, b) && compare(b, a) > 0)));
    if (earlier) {
      problems.push(`${later.label} would be tried before ${earlier.label}, which comes first: the Gateway API orders rules by how specific their matches are `
        + `(${order}), not by position, and some requests match both; put ${later.label} first, or make the two routes match different requests`);
    }
  });
  return problems;
}

/** The Gateway API's limits on one HTTPRoute (or GRPCRoute: `kind`). */
export function routeLimitProblems(name: string, rules: Array<{ matches?: unknown[] }>, kind: string = 'HTTPRoute'): string[] {
  const matches = rules.reduce((n, r) => n + (r.matches ?? [{}]).length, 0);
  return [
    ...rules.length > MAX_RULES ? [`${kind} '${name}' would have ${rules.length} rules: the Gateway API allows at most ${MAX_RULES} per ${kind}`] : [],
    ...matches > MAX_MATCHES_PER_ROUTE ? [`${kind} '${name}' would have ${matches} matches: the Gateway API allows at most ${MAX_MATCHES_PER_ROUTE} per ${kind}`] : [],
  ];
}

/** Positive when `a` takes precedence over `b`, negative when `b` does, 0 on a tie. */
export function compare(a: HttpRouteSpecRulesMatches, b: HttpRouteSpecRulesMatches): number {
  const key = (m: HttpRouteSpecRulesMatches) => [
    pathOf(m).type === HttpRouteSpecRulesMatchesPathType.EXACT ? 1 : 0,
    normalizePrefix(pathOf(m).value).length,
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
export function overlap(a: HttpRouteSpecRulesMatches, b: HttpRouteSpecRulesMatches): boolean {
  return pathsOverlap(pathOf(a), pathOf(b))
    && !(a.method !== undefined && b.method !== undefined && a.method !== b.method)
    && !exclusive(a.headers, b.headers, true)
    && !exclusive(a.queryParams, b.queryParams, false);
}

function pathsOverlap(a: PathMatch, b: PathMatch): boolean {
  const exact = HttpRouteSpecRulesMatchesPathType.EXACT;
  if (a.type === exact && b.type === exact) {
    return a.value === b.value;
  }
  if (a.type === exact) {
    return prefixCovers(b.value, a.value);
  }
  if (b.type === exact) {
    return prefixCovers(a.value, b.value);
  }
  return prefixCovers(a.value, b.value) || prefixCovers(b.value, a.value);
}

/** A header or query parameter match (their `type` enums differ; both default to `Exact`). */
interface ValueMatch {
  readonly name: string;
  readonly type?: string;
  readonly value: string;
}

/** Two lists that require different exact values of one header (or query parameter). */
function exclusive(a: ValueMatch[] | undefined, b: ValueMatch[] | undefined, caseInsensitive: boolean): boolean {
  const same = (x: string, y: string) => caseInsensitive ? x.toLowerCase() === y.toLowerCase() : x === y;
  const exact = (m: ValueMatch) => (m.type ?? 'Exact') === 'Exact';
  return (a ?? []).some(x => (b ?? []).some(y => same(x.name, y.name) && exact(x) && exact(y) && x.value !== y.value));
}
