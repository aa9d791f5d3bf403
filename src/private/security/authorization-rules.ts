/**
 * Checks of an AuthorizationPolicy's rules as a whole: what Istio's webhook and the CRD refuse
 * (empty `from`/`to` entries, empty sources and operations, service accounts beside principals or
 * namespaces, limits, the attributes a CUSTOM policy cannot use), lists that are given but empty
 * (Istio reads them as left out, which matches everything), and every value
 * (`authorization-values.ts`).
 */
import { AuthorizationAction, AuthorizationOperation, AuthorizationRule, AuthorizationSource } from '../../authorization-rule';
import { arrayOf, num, optional, shape, str } from '../props';
import {
  authorizationConditionProblems, authorizationHostProblem, authorizationIpBlockProblem, authorizationMethodProblem,
  authorizationNamespaceProblem, authorizationPathProblem, authorizationPortProblem, authorizationPrincipalProblem,
  authorizationRequestPrincipalProblem, authorizationServiceAccountProblem, authorizationTrustDomainProblem, SERVICE_ACCOUNTS_MAX,
} from './authorization-values';

/** The CRD's limit on `rules`, and on the `from` entries of one rule. */
export const RULES_MAX = 512;

type Check<T> = (prop: string, value: T) => string | undefined;

/** The fields of a source, with the check of their values. */
const SOURCE_FIELDS: ReadonlyArray<[keyof AuthorizationSource, Check<string>]> = [
  ['principals', authorizationPrincipalProblem],
  ['notPrincipals', authorizationPrincipalProblem],
  ['requestPrincipals', authorizationRequestPrincipalProblem],
  ['notRequestPrincipals', authorizationRequestPrincipalProblem],
  ['namespaces', authorizationNamespaceProblem],
  ['notNamespaces', authorizationNamespaceProblem],
  ['serviceAccounts', authorizationServiceAccountProblem],
  ['notServiceAccounts', authorizationServiceAccountProblem],
  ['trustDomains', authorizationTrustDomainProblem],
  ['notTrustDomains', authorizationTrustDomainProblem],
  ['ipBlocks', authorizationIpBlockProblem],
  ['notIpBlocks', authorizationIpBlockProblem],
  ['remoteIpBlocks', authorizationIpBlockProblem],
  ['notRemoteIpBlocks', authorizationIpBlockProblem],
];

const STRING_OPERATION_FIELDS: ReadonlyArray<[keyof AuthorizationOperation, Check<string>]> = [
  ['hosts', authorizationHostProblem],
  ['notHosts', authorizationHostProblem],
  ['methods', authorizationMethodProblem],
  ['notMethods', authorizationMethodProblem],
  ['paths', authorizationPathProblem],
  ['notPaths', authorizationPathProblem],
];
const PORT_FIELDS = ['ports', 'notPorts'] as const;

/** The source fields a CUSTOM policy cannot use (Istio: "not supported with CUSTOM action"). */
const CUSTOM_UNSUPPORTED_SOURCE: ReadonlyArray<keyof AuthorizationSource> = [
  'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces',
  'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains',
];

/** Whether a CUSTOM policy cannot use a `when` key. */
function customUnsupportedKey(key: string): boolean {
  return ['source.namespace', 'source.serviceAccount', 'source.trustDomain', 'source.principal'].includes(key) || key.startsWith('request.auth.');
}

/** The type schema of `AuthorizationRule`. */
export const AUTHORIZATION_RULE = shape({
  from: optional(arrayOf(shape(Object.fromEntries(SOURCE_FIELDS.map(([f]) => [f, optional(arrayOf(str))]))))),
  to: optional(arrayOf(shape({
    ...Object.fromEntries(STRING_OPERATION_FIELDS.map(([f]) => [f, optional(arrayOf(str))])),
    ports: optional(arrayOf(num)),
    notPorts: optional(arrayOf(num)),
  }))),
  when: optional(arrayOf(shape({ key: str, values: optional(arrayOf(str)), notValues: optional(arrayOf(str)) }))),
});

/** A list given empty: Istio reads it as left out. */
function emptyListProblem(prop: string, list: unknown[] | undefined, meaning: string): string | undefined {
  return list !== undefined && list.length === 0 ? `'${prop}' is empty: leave it out (Istio reads an empty list as left out: ${meaning})` : undefined;
}

function listProblems<T>(prop: string, list: T[] | undefined, check: Check<T>): Array<string | undefined> {
  return [emptyListProblem(prop, list, 'any value matches'), ...(list ?? []).map((v, i) => check(`${prop}[${i}]`, v))];
}

function sourceProblems(prop: string, source: AuthorizationSource, action: AuthorizationAction): Array<string | undefined> {
  const given = SOURCE_FIELDS.filter(([f]) => source[f] !== undefined).map(([f]) => f);
  const accountsWith = given.filter(f => ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'].includes(f));
  const accounts = given.filter(f => f === 'serviceAccounts' || f === 'notServiceAccounts');
  return [
    given.length === 0 ? `'${prop}' names no source: give at least one field (${SOURCE_FIELDS.map(([f]) => f).join(', ')}), or leave 'from' out to match any source` : undefined,
    accounts.length > 0 && accountsWith.length > 0
      ? `'${prop}' cannot give ${accounts.join(' and ')} with ${accountsWith.join(' and ')} (Istio refuses them together)` : undefined,
    ...accounts.map(f => (source[f]!.length > SERVICE_ACCOUNTS_MAX ? `'${prop}.${f}' may hold at most ${SERVICE_ACCOUNTS_MAX} service accounts, got ${source[f]!.length}` : undefined)),
    ...action === AuthorizationAction.CUSTOM
      ? given.filter(f => CUSTOM_UNSUPPORTED_SOURCE.includes(f)).map(f => `'${prop}.${f}' cannot be used by a CUSTOM policy (Istio refuses it; IP blocks can)`) : [],
    ...SOURCE_FIELDS.flatMap(([f, check]) => listProblems(`${prop}.${f}`, source[f], check)),
  ];
}

function operationProblems(prop: string, operation: AuthorizationOperation): Array<string | undefined> {
  const fields = [...STRING_OPERATION_FIELDS.map(([f]) => f), ...PORT_FIELDS];
  return [
    fields.every(f => operation[f] === undefined) ? `'${prop}' names no operation: give at least one field (${fields.join(', ')}), or leave 'to' out to match any operation` : undefined,
    ...STRING_OPERATION_FIELDS.flatMap(([f, check]) => listProblems(`${prop}.${f}`, operation[f] as string[] | undefined, check)),
    ...PORT_FIELDS.flatMap(f => listProblems(`${prop}.${f}`, operation[f], authorizationPortProblem)),
  ];
}

/**
 * The problems of a policy's rules (`prop` names the list, e.g. `rules`) for its action: empty
 * entries and lists, limits, CUSTOM's unsupported attributes, and every value.
 */
export function authorizationRuleProblems(prop: string, rules: AuthorizationRule[], action: AuthorizationAction): string[] {
  const problems: Array<string | undefined> = [
    rules.length > RULES_MAX ? `'${prop}' may hold at most ${RULES_MAX} rules, got ${rules.length}` : undefined,
  ];
  rules.forEach((rule, i) => {
    const at = `${prop}[${i}]`;
    problems.push(
      emptyListProblem(`${at}.from`, rule.from, 'any source matches'),
      (rule.from ?? []).length > RULES_MAX ? `'${at}.from' may hold at most ${RULES_MAX} sources, got ${rule.from!.length}` : undefined,
      ...(rule.from ?? []).flatMap((s, j) => sourceProblems(`${at}.from[${j}]`, s, action)),
      emptyListProblem(`${at}.to`, rule.to, 'any operation matches'),
      ...(rule.to ?? []).flatMap((o, j) => operationProblems(`${at}.to[${j}]`, o)),
      emptyListProblem(`${at}.when`, rule.when, 'no condition'),
      ...(rule.when ?? []).flatMap((c, j) => [
        ...action === AuthorizationAction.CUSTOM && customUnsupportedKey(c.key)
          ? [`'${at}.when[${j}].key' is '${c.key}', which a CUSTOM policy cannot use (Istio refuses it)`] : [],
        ...authorizationConditionProblems(`${at}.when[${j}]`, c),
      ]),
    );
  });
  return problems.filter((p): p is string => p !== undefined);
}
