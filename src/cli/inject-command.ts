/**
 * `cdk8s-mesh inject`: `istioctl kube-inject` without a cluster.
 */
import { describeOptions, OptionSpec, parseArgs, UsageError } from './args';
import { Command } from './command';
import { parseManifests, printManifest, readInput, sortKeys } from './manifests';
import { DEFAULT_SETTINGS, InjectionSettings, injectAll, resolveSettings } from '../private/inject';

const OPTIONS: OptionSpec[] = [
  { name: 'filename', short: 'f', value: 'FILE', help: "manifests to inject (multi-document YAML); '-' reads standard input" },
  { name: 'hub', value: 'HUB', help: `registry of the proxy image (default ${DEFAULT_SETTINGS.hub})` },
  { name: 'tag', value: 'TAG', help: `tag of the proxy image (default ${DEFAULT_SETTINGS.tag})` },
  { name: 'revision', value: 'REV', help: `control-plane revision (default ${DEFAULT_SETTINGS.revision})` },
  { name: 'native-sidecars', help: 'run the proxy as a native sidecar init container (default; Kubernetes >= 1.29)' },
  { name: 'no-native-sidecars', help: 'run the proxy as a regular container' },
  { name: 'help', short: 'h', help: 'show this help' },
];

const HELP = `Usage: cdk8s-mesh inject -f FILE [--hub HUB] [--tag TAG] [--revision REV] [--native-sidecars | --no-native-sidecars]

Injects the Istio sidecar into every pod-bearing object (Pod, Deployment, StatefulSet, DaemonSet,
ReplicaSet, ReplicationController, Job, CronJob) of FILE, like 'istioctl kube-inject', and prints
the manifests. Other objects, and pods that opt out, are printed unchanged.

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
      io.stdout(HELP);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const file = options.get('filename');
    if (typeof file !== 'string' || file === '') throw new UsageError('-f FILE is required');
    const settings = settingsFrom(options);

    const source = file === '-' ? '<stdin>' : file;
    const objects = parseManifests(await readInput(file, io), source);
    const results = injectAll(objects, settings);
    for (const r of results) {
      if (r.skipped) io.stderr(`warning: ${r.skipped}\n`);
    }
    // like istioctl: every document followed by a `---` line
    io.stdout(results.map(r => `${printManifest(r.injected ? sortKeys(r.object) : r.object)}---\n`).join(''));
    return 0;
  },
};
