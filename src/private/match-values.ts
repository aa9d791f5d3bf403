/**
 * The value checks of route matches, made when a route is added: what Istio's validation webhook
 * refuses (`validateHTTPRouteMatchRequest`, `validateStringMatch`, `ValidateHTTPHeaderNameOrJwtClaimRoute`,
 * `validateTCPMatch`), and conditions no request can meet (a path without a leading `/`, a
 * lowercase method, an empty method, scheme or authority).
 */
import { isIP } from 'node:net';
import { HttpMatch } from '../http-route';
import { StringMatch } from '../string-match';
import { TcpMatch } from '../tcp-route';
import { LOWERCASE_TOKEN, TOKEN_CHARACTERS } from './header-name';
import { dnsLabelProblem, dnsSubdomainProblem, integerProblem, labelProblems } from './validation';

const HEADER_NAME_RULE = `lowercase ${TOKEN_CHARACTERS}), a request pseudo-header (:authority, :method, :path, :scheme`;
/** The request pseudo-headers Istio accepts as header match keys. */
const REQUEST_PSEUDO_HEADERS = [':authority', ':method', ':path', ':scheme'];
/** Istio's header name for JWT claims (`@request.auth.claims.<name>` or `@request.auth.claims[<a>][<b>]`). */
const JWT_CLAIM_PREFIX = '@request.auth.claims';

/** Istio's `jwt.ToRoutingClaim(name).Match`: a JWT claim key (the prefix in any case). */
export function isJwtClaimKey(name: string): boolean {
  if (!name.toLowerCase().startsWith(JWT_CLAIM_PREFIX)) {
    return false;
  }
  const rest = name.slice(JWT_CLAIM_PREFIX.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

/**
 * What is wrong with a header match key (completing "the key …"), or undefined: a lowercase
 * header name, a request pseudo-header, or a JWT claim where the VirtualService is bound to a
 * gateway (`atGateway`), matched with a value.
 */
export function headerKeyProblem(name: string, sm: StringMatch, atGateway: boolean): string | undefined {
  if (isJwtClaimKey(name)) {
    if (!atGateway) {
      return 'is a JWT claim: Istio routes on JWT claims only at gateways, not between sidecars';
    }
    return sm.kind === 'present' ? 'is a JWT claim: match it with exact, prefix or regex, not StringMatch.present()' : undefined;
  }
  if (name === ':status') {
    return 'is a response pseudo-header: requests never carry it';
  }
  return REQUEST_PSEUDO_HEADERS.includes(name) || LOWERCASE_TOKEN.test(name) ? undefined
    : `must be a lowercase header name (${HEADER_NAME_RULE})${atGateway ? ' or a JWT claim (@request.auth.claims.<name>)' : ''}`;
}

/** `StringMatch.exact('x')` as the user wrote it, for messages. */
function written(sm: StringMatch): string {
  return `StringMatch.${sm.kind}(${sm.kind === 'present' ? '' : `'${sm.value}'`})`;
}

/** The request path: every one starts with `/`. */
function uriProblem(prop: string, sm: StringMatch | undefined): string | undefined {
  if (sm === undefined) {
    return undefined;
  }
  if (sm.kind === 'present') {
    return `'${prop}' cannot be StringMatch.present(): every request has a URI`;
  }
  const neverMatches = (sm.kind === 'exact' && !sm.value.startsWith('/')) || (sm.kind === 'prefix' && sm.value !== '' && !sm.value.startsWith('/'));
  return neverMatches ? `'${prop}' ${written(sm)} never matches: every request path starts with '/'` : undefined;
}

/** The scheme, method and authority: present on every request, never empty. */
function pseudoFieldProblem(prop: string, field: 'scheme' | 'method' | 'authority', sm: StringMatch | undefined): string | undefined {
  if (sm === undefined) {
    return undefined;
  }
  if (sm.kind === 'present') {
    return `'${prop}' cannot be StringMatch.present(): use exact, prefix or regex`;
  }
  if (sm.kind === 'prefix' && sm.value === '') {
    return `'${prop}' cannot be StringMatch.prefix(''): Istio refuses empty prefixes (leave the condition out to match any ${field})`;
  }
  if (sm.kind === 'exact' && sm.value === '') {
    return `'${prop}' StringMatch.exact('') never matches: every request has ${field === 'authority' ? 'an' : 'a'} ${field}`;
  }
  if (field === 'method' && sm.kind !== 'regex' && /[a-z]/.test(sm.value)) {
    return `'${prop}' ${written(sm)} never matches: methods are case-sensitive and requests send them in uppercase ('${sm.value.toUpperCase()}')`;
  }
  return undefined;
}

/** Header, header-absence and query parameter conditions: Istio refuses empty prefixes there. */
function entryProblems(prop: string, map: { [name: string]: StringMatch } | undefined): string[] {
  return Object.entries(map ?? {}).filter(([, sm]) => sm.kind === 'prefix' && sm.value === '')
    .map(([name]) => `'${prop}' entry '${name}' cannot be StringMatch.prefix(''): Istio refuses empty prefixes (use StringMatch.present() for any value)`);
}

/** The value problems of one HTTP match; `atGateway` when the VirtualService is bound to a gateway. */
export function httpMatchProblems(prefix: string, m: HttpMatch, atGateway: boolean): Array<string | undefined> {
  return [
    m.name !== undefined ? dnsLabelProblem(`${prefix}.name`, m.name) : undefined,
    integerProblem(`${prefix}.port`, m.port, 1, 65535),
    ...(['headers', 'withoutHeaders'] as const).flatMap(map => Object.entries(m[map] ?? {}).map(([name, sm]) => {
      const problem = headerKeyProblem(name, sm, atGateway);
      return problem && `'${prefix}.${map}' key '${name}' ${problem}`;
    })),
    ...(['headers', 'withoutHeaders', 'queryParams'] as const).flatMap(map => entryProblems(`${prefix}.${map}`, m[map])),
    ...labelProblems(`${prefix}.sourceLabels`, m.sourceLabels),
    m.sourceNamespace !== undefined ? dnsLabelProblem(`${prefix}.sourceNamespace`, m.sourceNamespace) : undefined,
    ...gatewayProblems(prefix, m.gateways),
    uriProblem(`${prefix}.uri`, m.uri),
    ...(['scheme', 'method', 'authority'] as const).map(k => pseudoFieldProblem(`${prefix}.${k}`, k, m[k])),
  ];
}

/** The value problems of one TCP or TLS match. */
export function tcpMatchProblems(prefix: string, m: TcpMatch): Array<string | undefined> {
  return [
    integerProblem(`${prefix}.port`, m.port, 1, 65535),
    ...(m.destinationSubnets ?? []).map((s, i) => subnetProblem(`${prefix}.destinationSubnets[${i}]`, s)),
    ...labelProblems(`${prefix}.sourceLabels`, m.sourceLabels),
    m.sourceNamespace !== undefined ? dnsLabelProblem(`${prefix}.sourceNamespace`, m.sourceNamespace) : undefined,
    ...gatewayProblems(prefix, m.gateways),
  ];
}

/** Gateway references: `mesh`, `<namespace>/<name>`, or a bare (or legacy dotted) name. */
function gatewayProblems(prefix: string, gateways: string[] | undefined): Array<string | undefined> {
  return (gateways ?? []).map((g, i) => {
    const parts = g.split('/');
    const valid = g === 'mesh'
      || (parts.length === 1 && dnsSubdomainProblem('', g) === undefined)
      || (parts.length === 2 && parts.every(p => dnsLabelProblem('', p) === undefined));
    return valid ? undefined : `'${prefix}.gateways[${i}]' must be 'mesh', '<name>' or '<namespace>/<name>' (DNS-1123 labels), got '${g}'`;
  });
}

/**
 * An IPv4/IPv6 address or CIDR block, as Go's `netip` parses them (Istio's `ValidateIPSubnet`):
 * prefix lengths without leading zeros, no IPv6 zone in a block.
 */
function subnetProblem(prop: string, value: string): string | undefined {
  const [address, bits, extra] = value.split('/');
  const family = isIP(address);
  const maxBits = family === 6 ? 128 : 32;
  const validBits = bits === undefined || (/^(0|[1-9]\d*)$/.test(bits) && Number(bits) <= maxBits && !address.includes('%'));
  if (family === 0 || !validBits || extra !== undefined) {
    return `'${prop}' must be an IPv4 or IPv6 address or CIDR block, got '${value}'`;
  }
  return undefined;
}
