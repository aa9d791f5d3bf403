import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { checkFactoryTypes, duration, optional, shape, str } from './private/props';
import { ManifestError, parseDocuments } from './private/read-manifests';
import { throwIfProblems } from './private/validation';

/** Options of `IstioCrds.fromUrl`. */
export interface IstioCrdsUrlOptions {
  /**
   * How long the download may take before synthesis fails (from 1 millisecond to 10 minutes).
   *
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
}

/** Downloads may take at most this long. */
const MAX_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Where a mesh's Istio CustomResourceDefinitions come from. Use the static factories.
 *
 * Istio's CRDs are large and versioned with Istio: take them from the release the mesh is
 * pinned to (`manifests/charts/base/files/crd-all.gen.yaml` of the Istio release, or the file
 * `istioctl manifest generate` writes), never from a different version.
 *
 * ```ts
 * new Mesh(chart, 'mesh', {
 *   crds: IstioCrds.fromFile('istio-1.30.3/manifests/charts/base/files/crd-all.gen.yaml'),
 * });
 * ```
 */
export abstract class IstioCrds {
  /** CRDs from a local YAML file. */
  public static fromFile(path: string): IstioCrds {
    checkFactoryTypes(path, str, 'path');
    if (path.trim() === '') {
      throw new Error(`'path' must name a file, got '${path}'`);
    }
    return new IncludedCrds(path, () => readCrdFile(path));
  }

  /** CRDs from a URL, downloaded at synthesis (when the mesh is constructed). */
  public static fromUrl(url: string, options: IstioCrdsUrlOptions = {}): IstioCrds {
    checkFactoryTypes(url, str, 'url');
    checkFactoryTypes(options, shape({ timeout: optional(duration) }));
    if (!/^https?:\/\//.test(url)) {
      throw new Error(`'url' must be an http(s) URL, got '${url}' (use IstioCrds.fromFile for files)`);
    }
    const timeout = options.timeout?.toMilliseconds() ?? 30_000;
    if (!(timeout >= 1 && timeout <= MAX_TIMEOUT_MS)) {
      throw new Error(`'timeout' must be between 1 millisecond and 10 minutes, got ${timeout} ms`);
    }
    return new IncludedCrds(url, () => download(url, timeout));
  }

  /** No CRDs in the output: they are installed separately (the default). */
  public static none(): IstioCrds {
    return new NoCrds();
  }

  /** The file or URL, if any. */
  public abstract readonly source?: string;

  /**
   * Adds the CRDs under `scope`.
   *
   * @internal
   */
  public abstract _include(scope: Construct, id: string): ApiObject[];
}

class NoCrds extends IstioCrds {
  public readonly source = undefined;
  public _include(): ApiObject[] {
    return [];
  }
}

/** A problem reading the CRDs, phrased without the construct path. */
class CrdError extends Error {}

const READ_ERRORS: { [code: string]: string } = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

function readCrdFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CrdError(`cannot read Istio CRDs from '${path}': ${(code && READ_ERRORS[code]) ?? (e as Error).message}`);
  }
}

/**
 * A program that downloads a URL (following redirects) within a time limit: the body on standard
 * output, or why not on standard error. Synthesis is synchronous, so it runs as a child process.
 */
const DOWNLOAD = `
const [url, ms] = process.argv.slice(1);
const reasons = {
  ECONNREFUSED: 'connection refused', ENOTFOUND: 'host not found', EAI_AGAIN: 'host not found (DNS lookup failed)',
  ECONNRESET: 'connection reset', EHOSTUNREACH: 'host unreachable', ENETUNREACH: 'network unreachable', ETIMEDOUT: 'connection timed out',
};
fetch(url, { signal: AbortSignal.timeout(Number(ms)), redirect: 'follow' }).then(async response => {
  if (!response.ok) {
    process.stderr.write('HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : ''));
    process.exit(3);
  }
  const body = Buffer.from(await response.arrayBuffer());
  process.stdout.write(body, () => process.exit(0));
}, e => {
  const cause = e && e.cause;
  const reason = e && (e.name === 'TimeoutError' || e.name === 'AbortError') ? 'no response within ' + ms + ' ms'
    : (cause && (reasons[cause.code] || cause.message || cause.code)) || (e && e.message) || String(e);
  process.stderr.write(String(reason));
  process.exit(2);
});
`;

function download(url: string, timeoutMs: number): Buffer {
  const result = spawnSync(process.execPath, ['-e', DOWNLOAD, url, String(timeoutMs)], {
    // the child stops itself at the timeout; this is a safety net
    timeout: timeoutMs + 10_000,
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status === 0) return result.stdout;
  const reason = result.error ? result.error.message : (result.stderr?.toString('utf-8').trim() || `download failed (exit code ${result.status})`);
  throw new CrdError(`cannot download Istio CRDs from '${url}': ${reason}`);
}

class IncludedCrds extends IstioCrds {
  public constructor(public readonly source: string, private readonly read: () => Buffer) {
    super();
  }

  public _include(scope: Construct, id: string): ApiObject[] {
    let objects: any[];
    try {
      objects = this.parse();
    } catch (e) {
      if (e instanceof CrdError) throw new Error(`[${scope.node.path}] ${e.message}`);
      throw e;
    }
    const problems = objects
      .filter(o => o.kind !== 'CustomResourceDefinition' || o.apiVersion !== 'apiextensions.k8s.io/v1')
      .map(o => `'${this.source}' holds ${o.kind} '${o.metadata?.name}': only apiextensions.k8s.io/v1 CustomResourceDefinitions are included as Istio CRDs`);
    if (objects.length === 0) {
      problems.push(`'${this.source}' holds no CustomResourceDefinition`);
    }
    throwIfProblems(scope, problems);
    // the construct tree cdk8s's Include builds: one ApiObject per object, named name[-kind][-namespace]
    const container = new Construct(scope, id);
    let order = 0;
    return objects.map(obj => {
      const name = obj.metadata?.name ?? `object${order++}`;
      return new ApiObject(container, [name, obj.kind?.toLowerCase(), obj.metadata?.namespace].filter(x => x).join('-'), obj);
    });
  }

  /** The objects of the file, or a clear error. */
  private parse(): any[] {
    try {
      const docs = parseDocuments(this.read(), this.source);
      const objects: any[] = [];
      for (const doc of docs) {
        const v = doc.value as any;
        if (v === null || v === undefined) continue;
        if (typeof v !== 'object' || Array.isArray(v)) {
          throw new CrdError(`cannot read Istio CRDs: ${this.source}:${doc.line}: document ${doc.index} is not a Kubernetes object (a mapping with apiVersion and kind)`);
        }
        objects.push(v);
      }
      return objects;
    } catch (e) {
      if (e instanceof ManifestError) throw new CrdError(`cannot read Istio CRDs: ${e.message}`);
      throw e;
    }
  }
}
