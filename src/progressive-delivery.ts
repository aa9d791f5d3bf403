import { ARGO_ROLLOUTS_OPTIONS, ArgoRolloutsOptions } from './argo-rollouts';
import { FlaggerOptions } from './flagger';
import { HandOff } from './model/hand-off';
import { checkFactoryTypes } from './private/props';
import { argoRolloutsHandOff } from './render/argo-rollouts/hand-off';
import { flaggerHandOff } from './render/flagger/hand-off';

/**
 * Who moves a `Canary`'s traffic. By default the library writes the canary's weights into the
 * service's routing (static mode: promotion is a reviewed change of `currentStep`). A
 * progressive-delivery controller can take over instead: the library then emits the controller's
 * resource and leaves out the objects the controller owns, so that GitOps and the controller never
 * fight over them.
 */
export class ProgressiveDelivery {
  /** Flagger runs the canary: a `flagger.app/v1beta1` `Canary` with its analysis. */
  public static flagger(options: FlaggerOptions = {}): ProgressiveDelivery {
    return new ProgressiveDelivery(flaggerHandOff(options));
  }

  /** Argo Rollouts runs the canary: an `argoproj.io/v1alpha1` `Rollout` with Istio traffic routing. */
  public static argoRollouts(options: ArgoRolloutsOptions = {}): ProgressiveDelivery {
    checkFactoryTypes(options, ARGO_ROLLOUTS_OPTIONS, '', 'options');
    return new ProgressiveDelivery(argoRolloutsHandOff(options));
  }

  /** `flagger` or `argo-rollouts`. */
  public readonly controller: string;

  /** @internal */
  public readonly _handOff: HandOff;

  private constructor(handOff: HandOff) {
    this.controller = handOff.controller;
    this._handOff = handOff;
  }
}
