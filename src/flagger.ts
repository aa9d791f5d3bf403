import { HandOff } from './model/hand-off';

/**
 * How Flagger runs the canary's analysis (`flagger.app/v1beta1` `Canary`).
 */
export interface FlaggerOptions {
}

/** @internal the hand-off to Flagger (skeleton: filled in by the Flagger work) */
export function flaggerHandOff(_options: FlaggerOptions): HandOff {
  return { controller: 'flagger', apply: () => { throw new Error('not implemented yet'); } };
}
