/**
 * `headers.request` and `headers.response` of an HTTP route as RequestHeaderModifier and
 * ResponseHeaderModifier filters: names, values and list sizes as the Gateway API checks them,
 * and one action (set, add or remove) per header name.
 */
import { duplicates, HEADER_VALUE, HEADER_VALUE_RULE, MAX_HEADERS, unsupported } from './values';
import { HttpRouteSpecRulesFiltersRequestHeaderModifier } from '../../imports/gateway.networking.k8s.io';
import { TOKEN, TOKEN_CHARACTERS } from '../../private/header-name';
import { HeaderOperations } from '../../route-headers';

/** The header operations of one direction (`request`: host and `:authority` are left to 'rewrite.authority'). */
export function convertHeaderOps(
  prop: string, ops: HeaderOperations | undefined, request: boolean,
): { filter?: HttpRouteSpecRulesFiltersRequestHeaderModifier; problems: string[] } {
  if (!ops) {
    return { problems: [] };
  }
  const problems: string[] = [];
  const headers = (op: 'set' | 'add') => {
    const entries = Object.entries(ops[op] ?? {});
    if (entries.length > MAX_HEADERS) {
      problems.push(`'${prop}.${op}' has ${entries.length} entries: a header filter has at most ${MAX_HEADERS}`);
    }
    const seen = new Set<string>();
    for (const [name, value] of entries) {
      nameProblem(`${prop}.${op}`, name);
      if (value.length === 0 || value.length > 4096) {
        problems.push(`'${prop}.${op}' value of '${name}' must be 1 to 4096 characters in the Gateway API, got ${value.length}`);
      } else if (!HEADER_VALUE.test(value)) {
        problems.push(`'${prop}.${op}' value of '${name}' ${HEADER_VALUE_RULE}, got '${value}'`);
      }
      if (seen.has(name.toLowerCase())) {
        problems.push(`'${prop}.${op}' names header '${name}' twice (header names are case-insensitive)`);
      }
      seen.add(name.toLowerCase());
    }
    return entries.length > 0 ? entries.map(([name, value]) => ({ name, value })) : undefined;
  };
  const nameProblem = (p: string, name: string) => {
    if (request && ['host', ':authority'].includes(name.toLowerCase())) {
      problems.push(unsupported('an authority rewrite by header', p, `use 'rewrite.authority' instead of header '${name}'`));
    } else if (!TOKEN.test(name) || name.length > 256) {
      problems.push(`'${p}' header name '${name}' must be a token in the Gateway API (${TOKEN_CHARACTERS})`);
    }
  };
  const set = headers('set');
  const add = headers('add');
  const remove = ops.remove && ops.remove.length > 0 ? [...ops.remove] : undefined;
  (remove ?? []).forEach(name => nameProblem(`${prop}.remove`, name));
  if ((remove ?? []).length > MAX_HEADERS) {
    problems.push(`'${prop}.remove' has ${remove!.length} entries: a header filter has at most ${MAX_HEADERS}`);
  }
  problems.push(...duplicates(`${prop}.remove`, remove ?? [], 'header names are case-insensitive, and the Gateway API takes each once', n => n.toLowerCase()));
  // a Gateway API header filter allows one action per header name (set, add or remove)
  const actions = new Map<string, string[]>();
  for (const [op, names] of [['set', Object.keys(ops.set ?? {})], ['add', Object.keys(ops.add ?? {})], ['remove', remove ?? []]] as const) {
    for (const name of new Set(names.map(n => n.toLowerCase()))) {
      actions.set(name, [...actions.get(name) ?? [], op]);
    }
  }
  for (const [name, used] of actions) {
    if (used.length > 1) {
      const quoted = used.map(o => `'${o}'`);
      problems.push(`'${prop}' names header '${name}' in ${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}: a Gateway API header filter takes one action per header name`);
    }
  }
  const filter = set || add || remove ? { set, add, remove } : undefined;
  return { filter, problems };
}
