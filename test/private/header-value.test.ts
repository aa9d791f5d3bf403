import { headerValueProblem } from '../../src/private/header-value';
import { ACCEPTED_HEADER_VALUES, REFUSED_HEADER_VALUES } from '../util/header-value-cases';

describe("header values, as Istio's webhook reads them", () => {
  test.each(ACCEPTED_HEADER_VALUES)('%p is accepted', value => {
    expect(headerValueProblem(value)).toBeUndefined();
  });

  test.each(REFUSED_HEADER_VALUES)('%p is refused: %s', (value, reason) => {
    expect(headerValueProblem(value)).toBe(reason);
  });
});
