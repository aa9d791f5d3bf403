import { ApiObject, Include } from 'cdk8s';
import { Construct } from 'constructs';
import { checkFactoryTypes, str } from './private/props';

/**
 * Where a mesh's Istio CustomResourceDefinitions come from. Use the static factories.
 *
 * Istio's CRDs are large and versioned with Istio: take them from the release the mesh is
 * pinned to (`manifests/charts/base/files/crd-all.gen.yaml` of the Istio release, or the file
 * `istioctl manifest generate` writes), never from a different version.
 */
export abstract class IstioCrds {
  /** CRDs from a local YAML file. */
  public static fromFile(path: string): IstioCrds {
    checkFactoryTypes(path, str, 'path');
    if (path.trim() === '') {
      throw new Error(`'path' must name a file, got '${path}'`);
    }
    return new IncludedCrds(path);
  }

  /** CRDs from a URL, downloaded at synthesis. */
  public static fromUrl(url: string): IstioCrds {
    checkFactoryTypes(url, str, 'url');
    if (!/^https?:\/\//.test(url)) {
      throw new Error(`'url' must be an http(s) URL, got '${url}' (use IstioCrds.fromFile for files)`);
    }
    return new IncludedCrds(url);
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

class IncludedCrds extends IstioCrds {
  public constructor(public readonly source: string) {
    super();
  }

  public _include(scope: Construct, id: string): ApiObject[] {
    let include: Include;
    try {
      include = new Include(scope, id, { url: this.source });
    } catch (e) {
      throw new Error(`[${scope.node.path}] cannot read Istio CRDs from '${this.source}': ${firstLine((e as Error).message)}`);
    }
    const objects = include.apiObjects;
    const problems = objects
      .filter(o => o.kind !== 'CustomResourceDefinition' || o.apiVersion !== 'apiextensions.k8s.io/v1')
      .map(o => `'${this.source}' holds ${o.kind} '${o.name}': only apiextensions.k8s.io/v1 CustomResourceDefinitions are included as Istio CRDs`);
    if (objects.length === 0) {
      problems.push(`'${this.source}' holds no CustomResourceDefinition`);
    }
    if (problems.length > 0) {
      throw new Error(problems.map(p => `[${scope.node.path}] ${p}`).join('\n'));
    }
    return objects;
  }
}

function firstLine(s: string): string {
  return s.split('\n').find(l => l.trim() !== '') ?? s;
}
