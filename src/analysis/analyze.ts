/**
 * The engine: index the manifests once, run every check, collect their findings.
 */
import { Context, suppressed } from './check';
import { Model } from './model';
import { CHECKS } from './registry';
import { AnalysisMessage, AnalysisOptions, Level, resolveOptions } from './types';

/** Code-unit order: the same on every machine, whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const LEVEL_ORDER: Record<Level, number> = { Error: 0, Warning: 1, Info: 2 };

/**
 * Analyzes a set of manifests (plain objects, whatever made them).
 *
 * Objects without a namespace are taken to be in `default` for resolving references, as `kubectl
 * apply` would put them; `resource` shows them as written. A resource's
 * `galley.istio.io/analyze-suppress` annotation (codes, comma-separated, or `*`) suppresses those
 * codes for it, as in istioctl. The result is sorted by level (errors first), then resource, code
 * and message; identical findings appear once.
 */
export function analyze(objects: readonly any[], options?: AnalysisOptions): AnalysisMessage[] {
  const resolved = resolveOptions(options);
  const model = new Model(objects, resolved);
  const messages: AnalysisMessage[] = [];
  const seen = new Set<string>();
  const ctx: Context = {
    model,
    options: resolved,
    report(type, obj, message) {
      if (obj.synthetic || resolved.ignore.has(type.code) || suppressed(obj, type.code)) return;
      const key = `${type.code}\u0000${obj.resource}\u0000${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      messages.push({ code: type.code, level: type.level, resource: obj.resource, message, object: obj.raw });
    },
  };
  for (const check of CHECKS) check.run(ctx);
  return sortMessages(messages);
}

/** Sorts findings by level (errors first), then resource, code and message, in place. */
export function sortMessages(messages: AnalysisMessage[]): AnalysisMessage[] {
  return messages.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]
    || compare(a.resource, b.resource) || compare(a.code, b.code) || compare(a.message, b.message));
}
