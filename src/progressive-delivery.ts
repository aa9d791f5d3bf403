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
 * resource, and leaves out the objects the controller owns (Flagger) or emits those it edits in
 * the state it leaves them at rest (Argo Rollouts' VirtualService and DestinationRule), so that
 * GitOps and the controller do not fight over them.
 *
 * ```ts
 * const cart = mesh.addService('cart', {
 *   ports: [{ port: 8080 }],
 *   versions: [{ name: 'v1', image: 'example/cart:1' }, { name: 'v2', image: 'example/cart:2' }],
 * });
 * new Canary(chart, 'cart-canary', {
 *   service: cart,
 *   stableVersion: 'v1',
 *   canaryVersion: 'v2',
 *   steps: [10, 25, 50],
 *   delivery: ProgressiveDelivery.flagger({
 *     interval: Duration.minutes(1),
 *     threshold: 5,
 *     metrics: [FlaggerMetric.requestSuccessRate({ min: 99, interval: Duration.minutes(1) })],
 *   }),
 * });
 * // or: delivery: ProgressiveDelivery.argoRollouts({ pause: Duration.minutes(5) })
 * ```
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
