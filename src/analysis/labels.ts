/**
 * Label selectors (equality-based, as Istio's `matchLabels` and Services' selectors) and indexes
 * that find matches without comparing every selector with every label set.
 */
import { push } from './hosts';

export type Labels = Readonly<Record<string, string>>;

/** Whether `labels` has every key/value of `selector` (an empty selector matches everything). */
export function selects(selector: Labels, labels: Labels): boolean {
  for (const k of Object.keys(selector)) {
    if (labels[k] !== selector[k]) return false;
  }
  return true;
}

/**
 * A Kubernetes `LabelSelector` (`matchLabels` and `matchExpressions` with In, NotIn, Exists,
 * DoesNotExist) as a test of labels; an absent selector selects everything, one that Kubernetes
 * cannot read selects nothing.
 */
export function labelSelector(selector: any): (labels: Labels) => boolean {
  if (selector === undefined || selector === null) return () => true;
  if (typeof selector !== 'object') return () => false;
  const matchLabels = stringMap(selector.matchLabels);
  const tests: Array<(labels: Labels) => boolean> = [labels => selects(matchLabels, labels)];
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    const key = e?.key;
    const values: string[] = Array.isArray(e?.values) ? e.values.map(String) : [];
    const has = (labels: Labels) => Object.prototype.hasOwnProperty.call(labels, key);
    if (typeof key !== 'string') return () => false;
    switch (e.operator) {
      case 'In':
        if (values.length === 0) return () => false;
        tests.push(labels => has(labels) && values.includes(labels[key]));
        break;
      case 'NotIn':
        if (values.length === 0) return () => false;
        tests.push(labels => !has(labels) || !values.includes(labels[key]));
        break;
      case 'Exists':
        if (values.length > 0) return () => false;
        tests.push(has);
        break;
      case 'DoesNotExist':
        if (values.length > 0) return () => false;
        tests.push(labels => !has(labels));
        break;
      default:
        return () => false;
    }
  }
  return labels => tests.every(t => t(labels));
}

/** Kubernetes' `labels.SelectorFromSet(s).String()`: `k1=v1,k2=v2` with keys sorted. */
export function selectorString(selector: Labels): string {
  return Object.keys(selector).sort().map(k => `${k}=${selector[k]}`).join(',');
}

/** A string map read from an untyped object field (non-string values are dropped). */
export function stringMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

interface Postings<T> {
  readonly all: T[];
  readonly byPair: Map<string, T[]>;
}

/** Labelled items by namespace and by `key=value`, queried with a selector. */
export class LabelIndex<T> {
  private readonly byNamespace = new Map<string, Postings<T>>();
  private readonly global: Postings<T> = { all: [], byPair: new Map() };

  public constructor(private readonly labelsOf: (item: T) => Labels) {}

  public add(namespace: string, item: T): void {
    let p = this.byNamespace.get(namespace);
    if (!p) {
      p = { all: [], byPair: new Map() };
      this.byNamespace.set(namespace, p);
    }
    for (const postings of [p, this.global]) {
      postings.all.push(item);
      for (const [k, v] of Object.entries(this.labelsOf(item))) push(postings.byPair, `${k}=${v}`, item);
    }
  }

  /** The items selected by `selector`, in `namespace` or (undefined) in every namespace. */
  public select(selector: Labels, namespace?: string): T[] {
    return this.candidates(selector, namespace).filter(item => selects(selector, this.labelsOf(item)));
  }

  /** Whether any item is selected (stops at the first). */
  public any(selector: Labels, namespace?: string): boolean {
    return this.candidates(selector, namespace).some(item => selects(selector, this.labelsOf(item)));
  }

  /** The shortest posting list among the selector's pairs: every selected item is in it. */
  private candidates(selector: Labels, namespace?: string): readonly T[] {
    const postings = namespace === undefined ? this.global : this.byNamespace.get(namespace);
    if (!postings) return [];
    let shortest: T[] = postings.all;
    for (const k of Object.keys(selector)) {
      const list = postings.byPair.get(`${k}=${selector[k]}`);
      if (!list) return [];
      if (list.length < shortest.length) shortest = list;
    }
    return shortest;
  }

  /** Every item in `namespace`. */
  public inNamespace(namespace: string): readonly T[] {
    return this.byNamespace.get(namespace)?.all ?? [];
  }
}

/**
 * Items that carry selectors (Services, policies), queried with a label set: which of them select
 * it. Each item is filed under one pair of its selector, so a query looks at the label set's pairs.
 */
export class SelectorIndex<T> {
  private readonly byNamespace = new Map<string, { byPair: Map<string, T[]>; empty: T[] }>();

  public constructor(private readonly selectorOf: (item: T) => Labels) {}

  public add(namespace: string, item: T): void {
    let n = this.byNamespace.get(namespace);
    if (!n) {
      n = { byPair: new Map(), empty: [] };
      this.byNamespace.set(namespace, n);
    }
    const selector = this.selectorOf(item);
    const keys = Object.keys(selector).sort();
    if (keys.length === 0) n.empty.push(item);
    else push(n.byPair, `${keys[0]}=${selector[keys[0]]}`, item);
  }

  /**
   * The items of `namespace` whose selector selects `labels`.
   * @param includeEmpty whether items with an empty selector count as selecting everything
   */
  public selecting(labels: Labels, namespace: string, includeEmpty: boolean): T[] {
    const n = this.byNamespace.get(namespace);
    if (!n) return [];
    const out: T[] = includeEmpty ? [...n.empty] : [];
    for (const [k, v] of Object.entries(labels)) {
      for (const item of n.byPair.get(`${k}=${v}`) ?? []) {
        if (selects(this.selectorOf(item), labels)) out.push(item);
      }
    }
    return out;
  }
}
