/**
 * The checks Istio's validation webhook makes on every regex it is given (`validateStringRegexp`):
 * not empty, at most 1024 bytes, and accepted by Go's `regexp.Compile`, whose parser
 * src/private/re2 ports.
 */
import { re2Error } from './re2/parse';

/** Istio's limit on a regex, in bytes (Envoy's RE2 program size, approximated by length). */
export const MAX_REGEX_BYTES = 1024;

/** Why Istio would refuse `pattern` as a regex, or undefined when it accepts it. */
export function regexProblem(pattern: string): string | undefined {
  if (pattern.length === 0) {
    return "'regex' must not be empty";
  }
  const bytes = Buffer.byteLength(pattern, 'utf8');
  if (bytes > MAX_REGEX_BYTES) {
    return `'regex' must be at most ${MAX_REGEX_BYTES} bytes in UTF-8 (Istio's limit), got ${bytes}`;
  }
  const error = re2Error(pattern);
  return error && `'regex' must be a valid RE2 regular expression (Istio compiles it with Go's regexp), got '${pattern}': ${error.message}`;
}
