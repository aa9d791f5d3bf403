import { regexProblem } from './private/regex';

/**
 * How a string (URI, header, query parameter, authority, method, scheme) is matched.
 *
 * ```ts
 * reviews.addRoute({
 *   matches: [{
 *     uri: StringMatch.prefix('/api/'),
 *     headers: { 'end-user': StringMatch.exact('jason'), 'x-client-version': StringMatch.regex('v2[.][0-9]+') },
 *   }],
 *   destinations: [{ version: 'v2' }],
 * });
 * ```
 */
export abstract class StringMatch {
  /** The value must equal `value`. */
  public static exact(value: string): StringMatch {
    return new SimpleStringMatch('exact', value);
  }

  /** The value must start with `value`. */
  public static prefix(value: string): StringMatch {
    return new SimpleStringMatch('prefix', value);
  }

  /**
   * The value must match the RE2 regular expression `pattern` (whole value). The pattern is
   * checked as Istio checks it: not empty, at most 1024 bytes in UTF-8, and accepted by Go's
   * `regexp.Compile` (RE2 syntax: no lookaround, no backreferences, repeat counts up to 1000).
   */
  public static regex(pattern: string): StringMatch {
    return new SimpleStringMatch('regex', pattern);
  }

  /**
   * The header or query parameter must be present, with any value (Istio's `{}`).
   * Only meaningful for headers and query parameters.
   */
  public static present(): StringMatch {
    return new SimpleStringMatch('present', '');
  }

  /** Which kind of match: `exact`, `prefix`, `regex` or `present`. */
  public abstract readonly kind: string;
  /** The value or pattern matched against (empty for `present`). */
  public abstract readonly value: string;

  /** @internal */
  public abstract _toIstio(): { exact?: string; prefix?: string; regex?: string };
}

class SimpleStringMatch extends StringMatch {
  public constructor(public readonly kind: string, public readonly value: string) {
    super();
    if (kind === 'regex') {
      const problem = regexProblem(value);
      if (problem !== undefined) {
        throw new Error(problem);
      }
    }
  }

  public _toIstio(): { exact?: string; prefix?: string; regex?: string } {
    return this.kind === 'present' ? {} : { [this.kind]: this.value };
  }
}
