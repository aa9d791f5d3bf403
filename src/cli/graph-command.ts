/**
 * `cdk8s-mesh graph`: a Mermaid diagram of the mesh the manifests make (gateways, services and
 * their versions, weighted routes, external services, allowed callers).
 */
import { describeOptions, OptionSpec, parseArgs, UsageError } from './args';
import { Command } from './command';
import { manifestFileArgs, readWellFormedManifests } from './manifests';
import { FileSink } from './output';
import { MeshGraph } from '../analysis/graph/facade';

const OPTIONS: OptionSpec[] = [
  { name: 'output', short: 'o', value: 'FILE', help: 'write the diagram to FILE (replaced whole, only on success) instead of standard output' },
  { name: 'format', short: 'f', value: 'FORMAT', help: "'mermaid' (default; 'markdown' when FILE ends in .md): Mermaid text; 'markdown': a Markdown document with a mermaid block" },
  { name: 'root-namespace', value: 'NS', help: "Istio's root namespace, whose AuthorizationPolicies apply everywhere (default istio-system)" },
  { name: 'help', short: 'h', help: 'show this help' },
];

const HELP = `Usage: cdk8s-mesh graph [--output FILE] [--format mermaid|markdown] [--root-namespace NS] FILE|DIR...

Draws the mesh the manifests make as a Mermaid flowchart: gateways with their hosts, services by
namespace with their versions (DestinationRule subsets, one Service per version, or the pods'
version label), routes with their weights in percent (mirrors dotted, faults noted), external
services (ServiceEntries, egress gateway hops), and the callers AuthorizationPolicies allow.
GitHub draws a \`\`\`mermaid block in pull requests and Markdown files.
FILEs are multi-document YAML; '-' reads standard input; a DIR is read as kubectl apply -f reads
it (its .yaml, .yml and .json files, by name, not its subdirectories). Exits with 1 when an input
cannot be read or an Istio object is not of its kind's structure, 0 otherwise.

Options:
${describeOptions(OPTIONS)}
`;

/** The `graph` subcommand. */
export const graphCommand: Command = {
  name: 'graph',
  summary: 'draw the mesh as a Mermaid diagram (gateways, services, versions, weighted routes, allowed callers)',
  help: HELP,
  async run(args, io) {
    const parsed = parseArgs(args, OPTIONS);
    const { options, positionals } = parsed;
    if (options.has('help')) {
      await io.stdout(HELP);
      return 0;
    }
    const output = options.get('output');
    if (output === '') throw new UsageError('--output needs a file name');
    const file = typeof output === 'string' && output !== '-' ? output : undefined;
    const format = options.get('format') ?? (file?.endsWith('.md') ? 'markdown' : 'mermaid');
    if (format !== 'mermaid' && format !== 'markdown') throw new UsageError(`--format must be 'mermaid' or 'markdown', got '${format}'`);
    const root = options.get('root-namespace');
    if (root === '') throw new UsageError('--root-namespace needs a namespace');
    const files = manifestFileArgs(positionals);

    const objects = await readWellFormedManifests(files, io, 'the mesh cannot be drawn');
    const graph = MeshGraph.of(objects, { rootNamespace: typeof root === 'string' ? root : undefined });
    const text = format === 'markdown' ? graph.toMarkdown() : graph.toMermaid();
    if (!file) {
      await io.stdout(text);
      return 0;
    }
    const sink = await FileSink.open(file);
    try {
      await sink.write(text);
      await sink.commit();
    } catch (e) {
      await sink.discard();
      throw e;
    }
    return 0;
  },
};
