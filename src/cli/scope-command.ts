/**
 * `cdk8s-mesh scope`: how much of the mesh each proxy's configuration holds, without and with the
 * Sidecar resources of the manifests.
 */
import { describeOptions, manifestArgs, OptionSpec, parseArgs } from './args';
import { Command } from './command';
import { manifestFileArgs, readWellFormedManifests } from './manifests';
import { ProxyScopeReport } from '../analysis/scope/facade';

const OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'o', value: 'FORMAT', help: "'text' (default): a table, one line per proxy, and the averages; 'json'" },
  { name: 'root-namespace', value: 'NS', help: "Istio's root namespace, whose Sidecar without selector is every namespace's default (default istio-system)" },
  { name: 'help', short: 'h', help: 'show this help' },
];

const HELP = `Usage: cdk8s-mesh scope [--format text|json] [--root-namespace NS] FILE|DIR...

Reports, for each proxy the manifests run (injected pods and gateways), how many services,
outbound clusters, HTTP route configurations and virtual hosts istiod gives it without Sidecar
resources (everything exported to its namespace) and with the Sidecar resources of the FILEs,
following Istio's visibility rules (exportTo, Sidecar egress hosts, namespaces).
FILEs are multi-document YAML (a DIR stands for its .yaml, .yml and .json files); '-' reads
standard input. Exits with 1 when an input cannot be read or an Istio object is not of its kind's
structure, 0 otherwise.

Options:
${describeOptions(OPTIONS)}
`;

/** The `scope` subcommand. */
export const scopeCommand: Command = {
  name: 'scope',
  summary: "report what each proxy's configuration holds, without and with Sidecar scoping",
  help: HELP,
  async run(args, io) {
    const parsed = parseArgs(args, OPTIONS);
    const { options, positionals } = parsed;
    if (options.has('help')) {
      await io.stdout(HELP);
      return 0;
    }
    const { format, rootNamespace } = manifestArgs(parsed);

    const objects = await readWellFormedManifests(manifestFileArgs(positionals), io, 'the proxy scope cannot be told');
    const report = ProxyScopeReport.of(objects, { rootNamespace });
    await io.stdout(format === 'json' ? report.formatJson() : report.formatText());
    return 0;
  },
};
