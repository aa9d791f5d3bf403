/**
 * `cdk8s-mesh analyze`: istioctl analyze's checks (and more) on manifest files, without a cluster.
 */
import { describeOptions, OptionSpec, parseArgs, UsageError } from './args';
import { Command } from './command';
import { parseManifests, readInput } from './manifests';
import { analyze, formatJson, formatText } from '../analysis';

const OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'o', value: 'FORMAT', help: "'text' (default): one line per finding, grouped by level; 'json'" },
  { name: 'root-namespace', value: 'NS', help: "Istio's root namespace, for mesh-wide policies (default istio-system)" },
  { name: 'no-default-gateways', help: "do not assume Istio's default ingress/egress gateways when FILEs have none" },
  { name: 'ignore', value: 'CODES', help: 'comma-separated codes to leave out (e.g. IST0118,MESH007)' },
  { name: 'help', short: 'h', help: 'show this help' },
];

const HELP = `Usage: cdk8s-mesh analyze [--format text|json] [--root-namespace NS] [--no-default-gateways] [--ignore CODES] FILE...

Analyzes Kubernetes and Istio manifests (multi-document YAML; '-' reads standard input) as
'istioctl analyze' does on a cluster, with the same codes (IST0101 …), and with checks of its own
(MESH001 …). Exits with 1 when there is an error, 0 otherwise.

Options:
${describeOptions(OPTIONS)}
`;

/** The `analyze` subcommand. */
export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'find errors in Istio and Kubernetes manifests (like istioctl analyze, without a cluster)',
  help: HELP,
  async run(args, io) {
    const { options, positionals } = parseArgs(args, OPTIONS);
    if (options.has('help')) {
      io.stdout(HELP);
      return 0;
    }
    const format = options.get('format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be 'text' or 'json', got '${format}'`);
    const root = options.get('root-namespace');
    if (root === '') throw new UsageError('--root-namespace needs a namespace');
    if (positionals.length === 0) throw new UsageError('at least one FILE is required');
    if (positionals.filter(f => f === '-').length > 1) throw new UsageError("standard input ('-') can be read only once");

    const objects: any[] = [];
    for (const file of positionals) {
      objects.push(...parseManifests(await readInput(file, io), file === '-' ? '<stdin>' : file));
    }
    const ignore = options.get('ignore');
    const messages = analyze(objects, {
      rootNamespace: typeof root === 'string' ? root : undefined,
      assumeDefaultGateways: !options.has('no-default-gateways'),
      ignore: typeof ignore === 'string' ? ignore.split(',').map(s => s.trim()).filter(s => s !== '') : undefined,
    });
    io.stdout(format === 'json' ? formatJson(messages) : formatText(messages));
    return messages.some(m => m.level === 'Error') ? 1 : 0;
  },
};
