/**
 * What a check is, and what it gets to work with.
 */
import { Model } from './model';
import { Obj } from './objects';
import { MessageType, ResolvedOptions } from './types';
import { ANNOTATION } from '../private/istio-names';

/** What a check runs against. */
export interface Context {
  readonly model: Model;
  readonly options: ResolvedOptions;
  /** Reports a finding about `obj` (identical findings are reported once). */
  report(type: MessageType, obj: Obj, message: string): void;
}

/** One check: a small module, listed in `CHECKS` (registry.ts). */
export interface Check {
  /** A short id, e.g. `virtualservice.destination-hosts`. */
  readonly id: string;
  /** What it finds. */
  readonly description: string;
  /** The messages it can report. */
  readonly types: readonly MessageType[];
  run(ctx: Context): void;
}

/** Whether the object suppresses the code (its `galley.istio.io/analyze-suppress` annotation lists it, or `*`). */
export function suppressed(obj: Obj, code: string): boolean {
  const value = obj.annotations[ANNOTATION.analyzeSuppress];
  return value !== undefined && value !== '' && value.split(',').some(c => c === '*' || c === code);
}
