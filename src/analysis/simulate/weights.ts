/**
 * Route weights as shares of traffic, as Envoy splits it between the weighted clusters Istio
 * generates: a single destination gets every request whatever its weight; of several, those of
 * weight 0 (or none) get nothing and the others share in proportion to their weights.
 */

/**
 * Each destination's share in percent, rounded to hundredths so that the shares sum to exactly
 * 100 (largest remainder). Undefined when several destinations all weigh 0: Istio's validation
 * refuses such a route ("total destination weight = 0").
 */
export function toPercentages(weights: ReadonlyArray<number | undefined>): number[] | undefined {
  if (weights.length === 0) return [];
  if (weights.length === 1) return [100];
  const w = weights.map(x => (x === undefined || !(x > 0) ? 0 : x));
  const total = w.reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  // hundredths of a percent, by the largest remainder
  const exact = w.map(x => (x * 10000) / total);
  const floor = exact.map(Math.floor);
  let left = 10000 - floor.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - floor[i] })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (w[i] === 0) continue;
    floor[i] += 1;
    left -= 1;
  }
  return floor.map(x => x / 100);
}
