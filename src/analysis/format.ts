/**
 * Printing findings: JSON for machines, one line per finding for people.
 */
import { AnalysisMessage, Level } from './types';

/** `{"messages":[{"code","level","resource","message"}]}`, in that key order, with a final newline. */
export function formatJson(messages: readonly AnalysisMessage[]): string {
  const out = messages.map(m => ({ code: m.code, level: m.level, resource: m.resource, message: m.message }));
  return `${JSON.stringify({ messages: out }, undefined, 2)}\n`;
}

const GROUPS: Array<[Level, string]> = [['Error', 'Errors'], ['Warning', 'Warnings'], ['Info', 'Info']];

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One line per finding (`Error [IST0101] (VirtualService default/reviews) …`, as istioctl prints
 * them), grouped by level — errors, then warnings, then info — and a summary line.
 */
export function formatText(messages: readonly AnalysisMessage[]): string {
  if (messages.length === 0) return 'No issues found.\n';
  const lines: string[] = [];
  for (const [level, title] of GROUPS) {
    const group = messages.filter(m => m.level === level);
    if (group.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(`${title} (${group.length}):`);
    for (const m of group) lines.push(`  ${m.level} [${m.code}] (${m.resource}) ${m.message}`);
  }
  const n = (level: Level) => messages.filter(m => m.level === level).length;
  lines.push('', `${count(n('Error'), 'error', 'errors')}, ${count(n('Warning'), 'warning', 'warnings')}, ${n('Info')} info`);
  return `${lines.join('\n')}\n`;
}
