/**
 * `cdk8s-mesh route`: where a request goes in the mesh of the manifests, by the routing simulator.
 */
import { describeOptions, OptionSpec, ParsedArgs, parseArgs, UsageError } from './args';
import { Command } from './command';
import { manifestFileArgs, readWellFormedManifests } from './manifests';
import { RoutingSimulator } from '../analysis/simulate/facade';
import { describeRequest, describeRoute } from '../analysis/simulate/route-text';
import { RequestSource, SimulatedRequest } from '../analysis/simulate/types';

const OPTIONS: OptionSpec[] = [
  { name: 'host', value: 'HOST', help: 'the host the client calls (required): a service name, a FQDN or a gateway host' },
  { name: 'port', short: 'p', value: 'PORT', help: "the port it connects to (default: the host's only port, else 80)" },
  { name: 'path', value: 'PATH', help: "the request path, may carry a query string (default '/')" },
  { name: 'method', short: 'X', value: 'METHOD', help: 'the HTTP method (default GET)' },
  { name: 'header', short: 'H', value: 'NAME=VALUE', repeatable: true, help: 'a request header (repeatable)' },
  { name: 'query', value: 'NAME=VALUE', repeatable: true, help: 'a query parameter (repeatable)' },
  { name: 'scheme', value: 'SCHEME', help: "'http' (default) or 'https'" },
  { name: 'from', value: 'WORKLOAD', help: 'the client workload of the FILEs, namespace/name (its labels, namespace and service account)' },
  { name: 'from-namespace', value: 'NS', help: "the client's namespace (default: the workload's, else default)" },
  { name: 'from-label', value: 'NAME=VALUE', repeatable: true, help: "a label of the client's pod (repeatable; default: the workload's)" },
  { name: 'principal', value: 'PRINCIPAL', help: "the client's mTLS identity (default: from its namespace and service account; '' for plain text)" },
  { name: 'request-principal', value: 'ISS/SUB', help: 'the principal of a JWT the request carries' },
  { name: 'gateway', value: 'NS/NAME', help: 'the gateway the request enters through (from outside the mesh)' },
  { name: 'root-namespace', value: 'NS', help: "Istio's root namespace, for mesh-wide policies (default istio-system)" },
  { name: 'format', short: 'o', value: 'FORMAT', help: "'text' (default): the rule, destinations and what applies; 'json'" },
  { name: 'help', short: 'h', help: 'show this help' },
];

const HELP = `Usage: cdk8s-mesh route --host HOST [--port PORT] [--path PATH] [--method METHOD] [--header NAME=VALUE]... [--query NAME=VALUE]... [--from NS/WORKLOAD] [--gateway NS/NAME] [--format text|json] FILE|DIR...

Tells where a request goes in the mesh the manifests declare, as Istio's proxies would route it:
the route rule that matches (VirtualService or HTTPRoute), each destination with its share of
requests, the fault, timeout, retries and mirrors that apply, the authorization verdict at each
destination with the deciding policy, and what the simulation could not model (caveats).
FILEs are multi-document YAML; a DIR stands for its .yaml, .yml and .json files; '-' reads
standard input. What the manifests lack (an unknown --from workload, a host without a Service)
is a caveat. Exits with 1 when an input cannot be read or an Istio object is not of its kind's
structure, 0 otherwise (whether the request is routed, denied or not).

Options:
${describeOptions(OPTIONS)}
`;

/** `NAME=VALUE` pairs of a repeatable option, as a map; undefined when the option is not given. */
function pairsOf(parsed: ParsedArgs, option: string): { [name: string]: string } | undefined {
  const values = parsed.lists.get(option);
  if (!values) return undefined;
  const map: { [name: string]: string } = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${option} must be NAME=VALUE, got '${value}'`);
    const name = value.slice(0, eq);
    if (name in map) throw new UsageError(`--${option} ${name} is given more than once`);
    map[name] = value.slice(eq + 1);
  }
  return map;
}

/** The value of an option given once, when given. */
function stringOption(parsed: ParsedArgs, option: string): string | undefined {
  const value = parsed.options.get(option);
  return typeof value === 'string' ? value : undefined;
}

/** A value that must not be empty. */
function nonEmpty(parsed: ParsedArgs, option: string, what: string): string | undefined {
  const value = stringOption(parsed, option);
  if (value === '') throw new UsageError(`--${option} needs ${what}`);
  return value;
}

/** `namespace/name`, when given. */
function namespacedName(parsed: ParsedArgs, option: string): string | undefined {
  const value = stringOption(parsed, option);
  if (value !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(value)) throw new UsageError(`--${option} must be NAMESPACE/NAME, got '${value}'`);
  return value;
}

/** The request the command line describes. */
export function requestOf(parsed: ParsedArgs): SimulatedRequest {
  const host = nonEmpty(parsed, 'host', 'a host');
  if (host === undefined) throw new UsageError('--host is required');
  const portText = stringOption(parsed, 'port');
  let port: number | undefined;
  if (portText !== undefined) {
    port = /^\d+$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) throw new UsageError(`--port must be a port number from 1 to 65535, got '${portText}'`);
  }
  const path = stringOption(parsed, 'path');
  if (path !== undefined && !path.startsWith('/')) throw new UsageError(`--path must start with '/', got '${path}'`);
  const scheme = stringOption(parsed, 'scheme');
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') throw new UsageError(`--scheme must be 'http' or 'https', got '${scheme}'`);
  const source: RequestSource = {
    workload: namespacedName(parsed, 'from'),
    namespace: nonEmpty(parsed, 'from-namespace', 'a namespace'),
    labels: pairsOf(parsed, 'from-label'),
    principal: stringOption(parsed, 'principal'),
    requestPrincipal: nonEmpty(parsed, 'request-principal', 'a principal (ISS/SUB)'),
  };
  const given = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined));
  return {
    host,
    ...(port !== undefined ? { port } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(parsed.options.has('method') ? { method: nonEmpty(parsed, 'method', 'a method') } : {}),
    ...(parsed.lists.has('header') ? { headers: pairsOf(parsed, 'header') } : {}),
    ...(parsed.lists.has('query') ? { queryParams: pairsOf(parsed, 'query') } : {}),
    ...(scheme !== undefined ? { scheme } : {}),
    ...(Object.keys(given).length > 0 ? { source: given as RequestSource } : {}),
    ...(parsed.options.has('gateway') ? { gateway: namespacedName(parsed, 'gateway') } : {}),
  };
}

/** The `route` subcommand. */
export const routeCommand: Command = {
  name: 'route',
  summary: 'tell where a request goes: the matched rule, destinations and shares, faults, authorization',
  help: HELP,
  async run(args, io) {
    const parsed = parseArgs(args, OPTIONS);
    if (parsed.options.has('help')) {
      await io.stdout(HELP);
      return 0;
    }
    const format = parsed.options.get('format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be 'text' or 'json', got '${format}'`);
    const rootNamespace = nonEmpty(parsed, 'root-namespace', 'a namespace');
    const request = requestOf(parsed);
    const files = manifestFileArgs(parsed.positionals);

    const objects = await readWellFormedManifests(files, io, 'the route cannot be told');
    const route = RoutingSimulator.of(objects, { rootNamespace }).route(request);
    await io.stdout(format === 'json'
      ? `${JSON.stringify({ request, route }, undefined, 2)}\n`
      : `${[describeRequest(request), ...describeRoute(route)].join('\n')}\n`);
    return 0;
  },
};
