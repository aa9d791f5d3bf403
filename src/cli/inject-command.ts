/**
 * `cdk8s-mesh inject`: `istioctl kube-inject` without a cluster.
 */
import { describeOptions, OptionSpec, parseArgs, UsageError } from './args';
import { Command } from './command';
import { printManifest, readManifests } from './manifests';
import { FileSink, OutputSink, StdoutSpool } from './output';
import { DEFAULT_SETTINGS, InjectionSettings, injector, resolveSettings } from '../private/inject';
import { sortKeys } from '../private/sort-keys';

const OPTIONS: OptionSpec[] = [
  { name: 'filename', short: 'f', value: 'FILE', help: "manifests to inject (multi-document YAML); '-' reads standard input" },
  { name: 'output', short: 'o', value: 'FILE', help: 'write the injected manifests to FILE (replaced whole, only on success) instead of standard output' },
  { name: 'hub', value: 'HUB', help: `registry of the proxy image (default ${DEFAULT_SETTINGS.hub})` },
  { name: 'tag', value: 'TAG', help: `tag of the proxy image (default ${DEFAULT_SETTINGS.tag})` },
  { name: 'revision', value: 'REV', help: `control-plane revision (default ${DEFAULT_SETTINGS.revision})` },
  { name: 'native-sidecars', help: 'run the proxy as a native sidecar init container (default; Kubernetes >= 1.29)' },
  { name: 'no-native-sidecars', help: 'run the proxy as a regular container' },
  { name: 'help', short: 'h', help: 'show this help' },
];

const HELP = `Usage: cdk8s-mesh inject -f FILE [-o FILE] [--hub HUB] [--tag TAG] [--revision REV] [--native-sidecars | --no-native-sidecars]

Injects the Istio sidecar into every pod-bearing object (Pod, Deployment, StatefulSet, DaemonSet,
ReplicaSet, ReplicationController, Job, CronJob, and Lists of them) of FILE, like 'istioctl
kube-inject', and prints the manifests. Other objects, and pods that opt out, are printed unchanged.

FILE is read and injected one document at a time, so its size is not limited by memory. It must be
UTF-8 YAML; aliases are expanded within the bounds of Kubernetes' YAML decoder and merge keys (<<)
are merged as kubectl merges them. When any object cannot be injected, every such error is printed
and no output is written.

Options:
${describeOptions(OPTIONS)}
`;

function settingsFrom(options: ReadonlyMap<string, string | true>): InjectionSettings {
  if (options.has('native-sidecars') && options.has('no-native-sidecars')) {
    throw new UsageError('--native-sidecars and --no-native-sidecars cannot be combined');
  }
  const settings: InjectionSettings = {
    ...DEFAULT_SETTINGS,
    ...(options.has('hub') ? { hub: options.get('hub') as string } : {}),
    ...(options.has('tag') ? { tag: options.get('tag') as string } : {}),
    ...(options.has('revision') ? { revision: options.get('revision') as string } : {}),
    nativeSidecars: options.has('no-native-sidecars') ? false : DEFAULT_SETTINGS.nativeSidecars,
  };
  try {
    resolveSettings(settings);
  } catch (e) {
    const message = (e as Error).message.replace(/setting '(hub|tag|revision)'/g, '--$1').replace(/\n/g, '; ');
    throw new UsageError(message);
  }
  return settings;
}

/** The `inject` subcommand. */
export const injectCommand: Command = {
  name: 'inject',
  summary: 'inject the Istio sidecar into the workloads of a manifest file',
  help: HELP,
  async run(args, io) {
    const { options, positionals } = parseArgs(args, OPTIONS);
    if (options.has('help')) {
      await io.stdout(HELP);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const file = options.get('filename');
    if (typeof file !== 'string' || file === '') throw new UsageError('-f FILE is required');
    const output = options.get('output');
    if (output === '') throw new UsageError('-o needs a file name');
    const inject = injector(settingsFrom(options));

    const sink: OutputSink = typeof output === 'string' && output !== '-' ? await FileSink.open(output) : new StdoutSpool(io.stdout);
    const errors: string[] = [];
    try {
      for await (const { object } of readManifests(file, io)) {
        let result;
        try {
          result = inject(object);
        } catch (e) {
          errors.push((e as Error).message);
          continue;
        }
        if (result.skipped) io.stderr(`warning: ${result.skipped}\n`);
        // like istioctl: every document followed by a `---` line
        if (errors.length === 0) await sink.write(`${printManifest(result.injected ? sortKeys(result.object) : result.object)}---\n`);
      }
      if (errors.length > 0) throw new Error(errors.join('\n'));
      await sink.commit();
    } catch (e) {
      await sink.discard();
      // an unreadable document after objects that could not be injected: report them all
      if (errors.length > 0 && !(e instanceof Error && e.message === errors.join('\n'))) {
        throw new Error([...errors, (e as Error)?.message ?? String(e)].join('\n'));
      }
      throw e;
    }
    return 0;
  },
};
