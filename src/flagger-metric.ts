import { Duration } from 'cdk8s';
import { flaggerDuration, flaggerDurationProblem } from './private/flagger-values';
import { checkFactoryTypes, duration, mapOf, num, optional, shape, str } from './private/props';
import { dnsLabelProblem, dnsSubdomainProblem, throwValueProblems } from './private/validation';

/**
 * The range a metric must stay in during Flagger's analysis (each check outside it counts toward
 * the analysis `threshold`), and the window it is measured over.
 */
export interface FlaggerMetricOptions {
  /**
   * The lowest acceptable value.
   *
   * @default - no lower bound (give `min`, `max` or both)
   */
  readonly min?: number;
  /**
   * The highest acceptable value.
   *
   * @default - no upper bound (give `min`, `max` or both)
   */
  readonly max?: number;
  /**
   * The window the metric is measured over (whole seconds or minutes, at least 1s).
   *
   * @default - Flagger's default, 1m
   */
  readonly interval?: Duration;
}

/** A metric of a `MetricTemplate` (Prometheus, Datadog, …) checked during Flagger's analysis. */
export interface FlaggerTemplateMetricOptions extends FlaggerMetricOptions {
  /**
   * The namespace of the `MetricTemplate`.
   *
   * @default - the canary's namespace
   */
  readonly templateNamespace?: string;
  /**
   * Variables the template's query reads (`{{ variables.NAME }}`).
   *
   * @default - none
   */
  readonly variables?: { [name: string]: string };
}

/**
 * A metric Flagger checks at every analysis interval. Use the static factories: Flagger's built-in
 * Istio metrics (`requestSuccessRate`, `requestDuration`) or a `MetricTemplate` of your own.
 *
 * ```ts
 * ProgressiveDelivery.flagger({
 *   stepWeight: 10,
 *   metrics: [FlaggerMetric.requestSuccessRate({ min: 99 }), FlaggerMetric.requestDuration({ max: 500 })],
 * });
 * ```
 */
export class FlaggerMetric {
  /** Flagger's built-in `request-success-rate`: the share of non-5xx responses of the canary, in percent (0–100). */
  public static requestSuccessRate(options: FlaggerMetricOptions): FlaggerMetric {
    checkFactoryTypes(options, RANGE);
    throwValueProblems(rangeProblems(options, 0, 100, 'percent'));
    return new FlaggerMetric('request-success-rate', options);
  }

  /** Flagger's built-in `request-duration`: the canary's 99th percentile request duration, in milliseconds (at least 0). */
  public static requestDuration(options: FlaggerMetricOptions): FlaggerMetric {
    checkFactoryTypes(options, RANGE);
    throwValueProblems(rangeProblems(options, 0, undefined, 'milliseconds'));
    return new FlaggerMetric('request-duration', options);
  }

  /**
   * A metric whose query is a Flagger `MetricTemplate` (`flagger.app/v1beta1`), named `name` in
   * the analysis (not one of the built-in names).
   */
  public static template(name: string, templateName: string, options: FlaggerTemplateMetricOptions = {}): FlaggerMetric {
    checkFactoryTypes(name, str, 'name');
    checkFactoryTypes(templateName, str, 'templateName');
    checkFactoryTypes(options, TEMPLATE);
    throwValueProblems([
      name === '' ? "'name' must not be empty" : undefined,
      BUILT_IN.includes(name) ? `'name' '${name}' is a built-in metric of Flagger (use FlaggerMetric.${name === BUILT_IN[0] ? 'requestSuccessRate' : 'requestDuration'}())` : undefined,
      dnsSubdomainProblem('templateName', templateName),
      options.templateNamespace !== undefined ? dnsLabelProblem('templateNamespace', options.templateNamespace) : undefined,
      ...rangeProblems(options, undefined, undefined, ''),
    ]);
    return new FlaggerMetric(name, options, { name: templateName, namespace: options.templateNamespace }, options.variables);
  }

  private constructor(
    /** The metric's name in the analysis. */
    public readonly name: string,
    private readonly range: FlaggerMetricOptions,
    private readonly templateRef?: { name: string; namespace?: string },
    private readonly variables?: { [name: string]: string },
  ) {}

  /** @internal the metric as the Canary's `analysis.metrics[]` entry */
  public _toFlagger(): { [key: string]: any } {
    return {
      name: this.name,
      templateRef: this.templateRef && { name: this.templateRef.name, namespace: this.templateRef.namespace },
      templateVariables: this.variables && { ...this.variables },
      thresholdRange: { min: this.range.min, max: this.range.max },
      interval: this.range.interval && flaggerDuration(this.range.interval),
    };
  }
}

const BUILT_IN = ['request-success-rate', 'request-duration'];

const RANGE = shape({ min: optional(num), max: optional(num), interval: optional(duration) });
const TEMPLATE = shape({
  min: optional(num), max: optional(num), interval: optional(duration), templateNamespace: optional(str), variables: optional(mapOf(str)),
});

function rangeProblems(
  options: FlaggerMetricOptions, lowest: number | undefined, highest: number | undefined, unit: string,
): Array<string | undefined> {
  const { min, max } = options;
  const bounds = lowest !== undefined && highest !== undefined ? `between ${lowest} and ${highest}`
    : lowest !== undefined ? `at least ${lowest}` : undefined;
  const outside = (v: number) => !Number.isFinite(v) || (lowest !== undefined && v < lowest) || (highest !== undefined && v > highest);
  const what = `${bounds !== undefined ? `a number ${bounds}` : 'a finite number'}${unit ? ` (${unit})` : ''}`;
  return [
    min === undefined && max === undefined ? "give 'min', 'max' or both: a metric without a range never fails the analysis" : undefined,
    min !== undefined && outside(min) ? `'min' must be ${what}, got ${min}` : undefined,
    max !== undefined && outside(max) ? `'max' must be ${what}, got ${max}` : undefined,
    min !== undefined && max !== undefined && min > max ? `'min' (${min}) must not be greater than 'max' (${max})` : undefined,
    options.interval !== undefined ? flaggerDurationProblem('interval', options.interval, 1) : undefined,
  ];
}
