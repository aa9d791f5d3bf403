/**
 * `cdk8s-mesh analyze`: istioctl analyze's checks (and more) on manifest files, without a cluster.
 */
import { describeOptions, manifestArgs, OptionSpec, parseArgs } from './args';
import { Command } from './command';
import { manifestFileArgs, readAllManifests } from './manifests';
import { analyze, AnalysisMessage, formatJson, formatText } from '../analysis';
import { sortMessages } from '../analysis/analyze';
import { flatten, resourceOf } from '../analysis/objects';
import { schemaProblems } from '../private/schema';

const OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'o', value: 'FORMAT', help: "'text' (default): one line per finding, grouped by level; 'json'" },
  { name: 'root-namespace', value: 'NS', help: "Istio's root namespace, for mesh-wide policies (default istio-system)" },
  { name: 'no-default-gateways', help: "do not assume Istio's default ingress/egress gateways when FILEs have none" },
  { name: 'ignore', value: 'CODES', help: 'comma-separated codes to leave out (e.g. IST0118,MESH007)' },
  { name: 'help', short: 'h', help: 'show this help' },
];

const HELP = `Usage: cdk8s-mesh analyze [--format text|json] [--root-namespace NS] [--no-default-gateways] [--ignore CODES] FILE|DIR...

Analyzes Kubernetes and Istio manifests (multi-document YAML; '-' reads standard input) as
'istioctl analyze' does on a cluster, with the same codes (IST0101 …), and with checks of its own
(MESH001 …). Exits with 1 when there is an error, 0 otherwise.

Every Istio object is first checked against the structure of Istio's CRDs (field types, enums,
required fields, oneofs, unknown fields, kinds and versions): each problem is an error
IST0106 SchemaValidationError naming the field, and such an object is left out of the analysis.
FILEs are read one document at a time and must be UTF-8 YAML (a DIR stands for its .yaml, .yml
and .json files); aliases are expanded within the bounds of Kubernetes' YAML decoder and merge keys
(<<) are merged as kubectl merges them.

Options:
${describeOptions(OPTIONS)}
`;

/** The `analyze` subcommand. */
export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'find errors in Istio and Kubernetes manifests (like istioctl analyze, without a cluster)',
  help: HELP,
  async run(args, io) {
    const parsed = parseArgs(args, OPTIONS);
    const { options, positionals } = parsed;
    if (options.has('help')) {
      await io.stdout(HELP);
      return 0;
    }
    const { format, rootNamespace } = manifestArgs(parsed);
    const ignoreOption = options.get('ignore');
    const ignore = typeof ignoreOption === 'string' ? ignoreOption.split(',').map(s => s.trim()).filter(s => s !== '') : [];

    const objects = await readAllManifests(manifestFileArgs(positionals), io);

    // structurally broken Istio objects are reported, and left out like istioctl leaves out what it cannot parse
    const schemaMessages: AnalysisMessage[] = [];
    const wellFormed = flatten(objects).filter(o => {
      const problems = schemaProblems(o);
      for (const p of problems) {
        schemaMessages.push({ code: 'IST0106', level: 'Error', resource: resourceOf(o), message: `Schema validation error: ${p.message}`, object: o });
      }
      return problems.length === 0;
    });
    const messages = sortMessages([
      ...(ignore.includes('IST0106') ? [] : schemaMessages),
      ...analyze(wellFormed, {
        rootNamespace,
        assumeDefaultGateways: !options.has('no-default-gateways'),
        ignore,
      }),
    ]);
    await io.stdout(format === 'json' ? formatJson(messages) : formatText(messages));
    return messages.some(m => m.level === 'Error') ? 1 : 0;
  },
};
