/**
 * The subset of Istio's ProxyConfig (mesh `defaultConfig`, pod annotation `proxy.istio.io/config`)
 * that shapes an injected pod, with the JSON Istio writes into the proxy's `PROXY_CONFIG`.
 */
import * as YAML from 'yaml';

/** Inbound interception mode of the sidecar. */
export type InterceptionMode = 'REDIRECT' | 'TPROXY' | 'NONE';
export const INTERCEPTION_MODES: InterceptionMode[] = ['REDIRECT', 'TPROXY', 'NONE'];

/** Proxy image flavour (`sidecar.istio.io/proxyImageType`, ProxyConfig `image.imageType`). */
export const IMAGE_TYPES = ['default', 'debug', 'distroless'];

/** Supported ProxyConfig fields; every one is optional (unset = Istio's default). */
export interface ProxyConfig {
  /** protobuf Duration string, e.g. `45s` */
  readonly drainDuration?: string;
  /** istiod's xDS address; the mesh default names the revision's istiod (`istiod-canary.istio-system.svc:15012`) */
  readonly discoveryAddress?: string;
  readonly concurrency?: number;
  readonly interceptionMode?: InterceptionMode;
  readonly proxyMetadata?: { readonly [key: string]: string };
  /** protobuf Duration string, e.g. `5s` */
  readonly terminationDrainDuration?: string;
  readonly holdApplicationUntilProxyStarts?: boolean;
  readonly image?: { readonly imageType: string };
}

const DEFAULT_DRAIN = 45_000_000_000n;
const DEFAULT_TERMINATION_DRAIN = 5_000_000_000n;
/** Istio's default discovery address (mesh.DefaultProxyConfig), which PROXY_CONFIG leaves out. */
const DEFAULT_DISCOVERY_ADDRESS = 'istiod.istio-system.svc:15012';

/** Fields in protobuf declaration order (the order Istio's JSON has). */
export const PROXY_CONFIG_FIELDS = [
  'drainDuration', 'discoveryAddress', 'concurrency', 'interceptionMode', 'proxyMetadata', 'terminationDrainDuration', 'holdApplicationUntilProxyStarts', 'image',
];

/** Parses a protobuf JSON Duration (`5s`, `0.250s`) into nanoseconds. */
export function parseProtoDuration(value: unknown): bigint | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+)(?:\.(\d{1,9}))?s$/.exec(value);
  if (!m) return undefined;
  return BigInt(m[1]) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** Formats nanoseconds as protobuf JSON does: 0, 3, 6 or 9 fractional digits. */
export function formatProtoDuration(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  const frac = nanos % 1_000_000_000n;
  if (frac === 0n) return `${seconds}s`;
  let digits = frac.toString().padStart(9, '0');
  while (digits.endsWith('000')) digits = digits.slice(0, -3);
  return `${seconds}.${digits}s`;
}

/**
 * Parses the `proxy.istio.io/config` annotation (YAML or JSON).
 *
 * @returns the config, or the problems (each completing "annotation 'proxy.istio.io/config' …")
 */
export function parseProxyConfig(text: string): { config?: ProxyConfig; problems: string[] } {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    return { problems: [`must be a YAML or JSON ProxyConfig object, got '${text}' (${firstLine(e)})`] };
  }
  if (doc === null || doc === undefined) return { config: {}, problems: [] };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return { problems: [`must be a YAML or JSON ProxyConfig object, got '${text}'`] };
  }
  const problems: string[] = [];
  const config: { [key: string]: unknown } = {};
  for (const [key, value] of Object.entries(doc as { [key: string]: unknown })) {
    const problem = fieldProblem(key, value);
    if (problem) {
      problems.push(problem);
    } else if (key === 'drainDuration' || key === 'terminationDrainDuration') {
      config[key] = formatProtoDuration(parseProtoDuration(value)!);
    } else {
      config[key] = value;
    }
  }
  return problems.length ? { problems } : { config: config as ProxyConfig, problems };
}

function fieldProblem(key: string, value: unknown): string | undefined {
  const got = `got ${JSON.stringify(value)}`;
  switch (key) {
    case 'drainDuration':
    case 'terminationDrainDuration':
      return parseProtoDuration(value) === undefined ? `field '${key}' must be a duration in seconds such as '5s' or '0.5s', ${got}` : undefined;
    case 'discoveryAddress':
      return typeof value === 'string' && /^[^\s:]+:[0-9]{1,5}$/.test(value) ? undefined : `field 'discoveryAddress' must be a host:port string, ${got}`;
    case 'concurrency':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 2147483647
        ? undefined : `field 'concurrency' must be a non-negative integer, ${got}`;
    case 'interceptionMode':
      return INTERCEPTION_MODES.includes(value as InterceptionMode) ? undefined : `field 'interceptionMode' must be one of ${INTERCEPTION_MODES.join(', ')}, ${got}`;
    case 'holdApplicationUntilProxyStarts':
      return typeof value === 'boolean' ? undefined : `field 'holdApplicationUntilProxyStarts' must be true or false, ${got}`;
    case 'proxyMetadata':
      return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every(v => typeof v === 'string')
        ? undefined : `field 'proxyMetadata' must be a map of strings, ${got}`;
    case 'image':
      return value !== null && typeof value === 'object' && Object.keys(value).every(k => k === 'imageType') && IMAGE_TYPES.includes((value as any).imageType)
        ? undefined : `field 'image' must be {imageType: ${IMAGE_TYPES.join(' | ')}}, ${got}`;
    default:
      return `field '${key}' is not supported by this injector (supported: ${PROXY_CONFIG_FIELDS.join(', ')})`;
  }
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

/** Applies an annotation's ProxyConfig over the mesh default: fields it sets replace the default's. */
export function mergeProxyConfig(base: ProxyConfig, override: ProxyConfig | undefined): ProxyConfig {
  return { ...base, ...(override ?? {}) };
}

/**
 * The JSON Istio writes into `PROXY_CONFIG`: the fields that differ from Istio's defaults,
 * in declaration order (`{}` when nothing is customized).
 */
export function proxyConfigJson(config: ProxyConfig): string {
  const out: { [key: string]: unknown } = {};
  for (const key of PROXY_CONFIG_FIELDS) {
    const value = (config as { [key: string]: unknown })[key];
    if (value === undefined) continue;
    if (key === 'drainDuration' && parseProtoDuration(value) === DEFAULT_DRAIN) continue;
    if (key === 'terminationDrainDuration' && parseProtoDuration(value) === DEFAULT_TERMINATION_DRAIN) continue;
    if (key === 'interceptionMode' && value === 'REDIRECT') continue;
    if (key === 'discoveryAddress' && value === DEFAULT_DISCOVERY_ADDRESS) continue;
    if (key === 'proxyMetadata') {
      const entries = Object.entries(value as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (entries.length === 0) continue;
      out[key] = Object.fromEntries(entries);
      continue;
    }
    if (key === 'image' && (value as { imageType: string }).imageType === '') continue;
    out[key] = value;
  }
  return JSON.stringify(out);
}
