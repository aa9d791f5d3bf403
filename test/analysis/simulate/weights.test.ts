import { toPercentages } from '../../../src/analysis/simulate/weights';

describe('weights as shares', () => {
  test('GIVEN one destination, THEN it gets 100 whatever its weight', () => {
    expect(toPercentages([undefined])).toEqual([100]);
    expect(toPercentages([0])).toEqual([100]);
    expect(toPercentages([30])).toEqual([100]);
  });

  test('GIVEN weights summing to 100, THEN they are the shares', () => {
    expect(toPercentages([90, 10])).toEqual([90, 10]);
    expect(toPercentages([100, 0])).toEqual([100, 0]);
  });

  test('GIVEN weights not summing to 100, THEN the shares are proportional, rounded to hundredths summing to 100', () => {
    expect(toPercentages([1, 1])).toEqual([50, 50]);
    expect(toPercentages([1, 1, 1])).toEqual([33.34, 33.33, 33.33]);
    expect(toPercentages([3, 1])).toEqual([75, 25]);
  });

  test('GIVEN several destinations without weights, THEN a missing weight is 0 and gets nothing', () => {
    expect(toPercentages([50, undefined])).toEqual([100, 0]);
  });

  test('GIVEN several destinations all of weight 0, THEN there is no split (Istio refuses the route)', () => {
    expect(toPercentages([0, 0])).toBeUndefined();
    expect(toPercentages([undefined, undefined])).toBeUndefined();
  });
});
