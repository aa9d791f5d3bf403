/**
 * A parsed YAML document as a plain value, as go-yaml v2 decodes it into `interface{}` and
 * sigs.k8s.io/yaml converts it to JSON (kubectl's reading):
 * - aliases are expanded within go-yaml's bound (`allowedAliasRatio`), so a small file cannot
 *   expand into gigabytes ("billion laughs");
 * - YAML 1.1 merge keys (`<<: *defaults`) are merged as go-yaml v2 merges them, instead of being
 *   read as a key named `<<`;
 * - mapping keys become strings.
 */
import * as YAML from 'yaml';

// go-yaml's bound on alias expansion (decode.go, allowedAliasRatio): a document may take 99% of
// its decoding work from aliases while small, scaling down to 10% from 4,000,000 decoded nodes.
const ALIAS_RATIO_LOW = 400_000;
const ALIAS_RATIO_HIGH = 4_000_000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_HIGH) return 0.10;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_LOW) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW));
}

/** A document that cannot be turned into a value, with the node it is about. */
export class NodeError extends Error {
  public constructor(message: string, public readonly node: YAML.Node | undefined) {
    super(message);
  }
}

/**
 * One parsed document as a plain value.
 *
 * @throws NodeError when the document cannot be turned into one
 */
export function plainValue(doc: YAML.Document.Parsed): unknown {
  return new Converter(doc).value(doc.contents);
}

/**
 * Turns one parsed document into a plain value as go-yaml v2 decodes into `interface{}` and
 * sigs.k8s.io/yaml converts to JSON: aliases expanded (within go-yaml's bound), merge keys
 * merged, mapping keys turned into strings.
 */
class Converter {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<YAML.Alias>();
  /** the alias being expanded at the top (not inside another alias) */
  private outerAlias: YAML.Alias | undefined;
  /** what each alias refers to: the last node before it with its anchor */
  private readonly targets = new Map<YAML.Alias, YAML.Node>();

  public constructor(doc: YAML.Document.Parsed) {
    const anchors = new Map<string, YAML.Node>();
    YAML.visit(doc, {
      Node: (_key, node) => {
        if (YAML.isAlias(node)) {
          const target = anchors.get(node.source);
          if (target) this.targets.set(node, target);
        } else if (node.anchor) {
          anchors.set(node.anchor, node);
        }
      },
    });
  }

  public value(node: unknown): unknown {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      const alias = this.outerAlias!;
      throw new NodeError(`excessive aliasing: expanding alias '*${alias.source}' goes beyond the bound of Go's YAML decoders (kubectl refuses this document too)`, alias);
    }
    if (YAML.isAlias(node)) return this.alias(node);
    if (YAML.isScalar(node)) return scalar(node.value);
    if (YAML.isSeq(node)) return node.items.map(item => this.value(item));
    if (YAML.isMap(node)) {
      const out: Record<string, unknown> = {};
      this.mapping(node, out);
      return out;
    }
    if (node === null || node === undefined) return null;
    throw new NodeError('unsupported YAML node', node as YAML.Node);
  }

  private alias(node: YAML.Alias): unknown {
    const target = this.targets.get(node);
    if (target === undefined) throw new NodeError(`unknown anchor '${node.source}' referenced`, node);
    if (this.expanding.has(node)) throw new NodeError(`anchor '${node.source}' value contains itself`, node);
    this.expanding.add(node);
    if (this.aliasDepth === 0) this.outerAlias = node;
    this.aliasDepth++;
    try {
      return this.value(target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(node);
    }
  }

  /** Sets the pairs of a mapping on `out`, in order: a later key (or merge) overrides an earlier one, as in go-yaml v2. */
  private mapping(node: YAML.YAMLMap, out: Record<string, unknown>): void {
    for (const pair of node.items) {
      if (YAML.isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN') {
        this.decodeCount++;
        this.merge(pair.value);
        this.mergeInto(pair.value, out);
        continue;
      }
      const key = this.key(pair.key);
      setKey(out, key, this.value(pair.value));
    }
  }

  /** Checks a merge value: a mapping, an alias of one, or a sequence of those. */
  private merge(value: unknown): void {
    const isMapping = (n: unknown) => YAML.isMap(n) || (YAML.isAlias(n) && YAML.isMap(this.targets.get(n)));
    if (isMapping(value)) return;
    if (YAML.isSeq(value) && value.items.every(isMapping)) return;
    throw new NodeError('a merge key (<<) needs a mapping or a list of mappings as its value', (value ?? undefined) as YAML.Node | undefined);
  }

  private mergeInto(value: unknown, out: Record<string, unknown>): void {
    if (YAML.isSeq(value)) {
      // earlier mappings take precedence: apply them last
      for (let i = value.items.length - 1; i >= 0; i--) this.mergeInto(value.items[i], out);
      return;
    }
    const merged = this.value(value) as Record<string, unknown>;
    for (const key of Object.keys(merged)) setKey(out, key, merged[key]);
  }

  private key(node: unknown): string {
    this.decodeCount++;
    const k = YAML.isAlias(node) ? this.alias(node) : YAML.isScalar(node) ? scalar(node.value) : undefined;
    if (typeof k === 'string') return k;
    if (typeof k === 'number' || typeof k === 'boolean' || typeof k === 'bigint') return String(k);
    throw new NodeError(`a mapping key must be a string, a number or a boolean, got ${describeKey(k, node)}`, node as YAML.Node);
  }
}

function describeKey(k: unknown, node: unknown): string {
  if (k === null) return 'null';
  if (YAML.isMap(node)) return 'a mapping';
  if (YAML.isSeq(node)) return 'a list';
  return typeof k;
}

function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    out[key] = value;
  }
}

function scalar(value: unknown): unknown {
  // !!binary: go-yaml decodes the bytes into a string
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf-8');
  return value;
}
