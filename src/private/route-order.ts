/**
 * What the order and the reach of a host's routes make of them, checked at synthesis: matches
 * that can never apply (a port the host does not have, a gateway the VirtualService is not bound
 * to), routes whose every request an earlier route already takes (unreachable), and matches whose
 * every request an earlier match takes. Whether a match takes every request of another is decided
 * semantically (match-coverage.ts), so `prefix: ''`, `regex: '(?s).*'` or a match on the host's
 * only port count as matching every request.
 */
import { boundGateways, MatchScope, resolveGatewayName } from './match-coverage';
import { listOf } from './validation';

/** A route in evaluation order: how messages name it, and its matches in Istio's wire format. */
export interface OrderedRoute {
  readonly label: string;
  /** None (or empty): every request. */
  readonly matches?: readonly any[];
  /** Report nothing about this route when only routes matching everything shadow it (its owner reports those). */
  readonly quietBehindCatchAll?: boolean;
}

/** Whether match `a` admits everything match `b` admits. */
export type Covers = (a: any, b: any, scope: MatchScope) => boolean;

/**
 * Routes an earlier route makes unreachable, and matches an earlier match makes useless;
 * `what` is `request` or `connection`.
 */
export function shadowProblems(routes: readonly OrderedRoute[], scope: MatchScope, covers: Covers, what: string): string[] {
  const problems: string[] = [];
  const earlier: Array<{ route: OrderedRoute; match: any }> = [];
  const catchAll = (match: any) => covers(match, {}, scope);
  for (const route of routes) {
    const own = route.matches !== undefined && route.matches.length > 0 ? route.matches.map((match, i) => ({ match, i })) : [{ match: {}, i: -1 }];
    const takenBy = own.map(({ match }) => earlier.find(e => covers(e.match, match, scope)));
    if (takenBy.every(t => t !== undefined)) {
      const shadows = [...new Set(takenBy.map(t => t!.route))];
      const firstCatchAll = earlier.find(e => catchAll(e.match));
      if (firstCatchAll !== undefined && takenBy.every(t => catchAll(t!.match))) {
        if (!route.quietBehindCatchAll) {
          problems.push(`${route.label} is unreachable: ${firstCatchAll.route.label} before it matches every ${what}; put more specific routes first`);
        }
      } else {
        problems.push(`${route.label} is unreachable: every ${what} it matches is taken by ${joinLabels(shadows)} before it; put more specific routes first`);
      }
    } else {
      own.forEach(({ i }, k) => {
        const by = takenBy[k];
        if (by !== undefined && !(route.quietBehindCatchAll && catchAll(by.match))) {
          problems.push(`${route.label}: 'matches[${i}]' never applies: every ${what} it matches is taken by ${by.route.label} before it; remove it or put more specific routes first`);
        }
      });
    }
    earlier.push(...own.map(({ match }) => ({ route, match })));
  }
  return problems;
}

function joinLabels(routes: OrderedRoute[]): string {
  const labels = routes.map(r => r.label);
  return labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/**
 * Matches that never apply: on a port of the host that carries no route of this kind, or at a
 * gateway the VirtualService is not bound to. `kind` names the kind for messages (`HTTP`).
 */
export function deadMatchProblems(label: string, matches: ReadonlyArray<{ port?: number; gateways?: string[] }> | undefined,
  scope: MatchScope, kind: string, host: string): string[] {
  const ports = scope.ports ?? [];
  const bound = boundGateways(scope);
  return (matches ?? []).flatMap((m, i) => [
    ...m.port !== undefined && ports.length > 0 && !ports.includes(m.port)
      ? [`${label}: 'matches[${i}].port' ${m.port} is not ${kind === 'HTTP' ? 'an' : 'a'} ${kind} port of '${host}' (${kind} ports: ${listOf(ports.map(String))}): the match never applies`]
      : [],
    ...(m.gateways ?? []).flatMap((g, j) => bound.includes(resolveGatewayName(g, scope.namespace)) ? []
      : [`${label}: 'matches[${i}].gateways[${j}]' '${g}' is not among the gateways of the VirtualService (${listOf(bound)}): the match never applies there`]),
  ]);
}
