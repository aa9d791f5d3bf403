/**
 * Header values as Istio's validation webhook checks them (`ValidateHTTPHeaderValue`): no control
 * characters but tab, and Envoy's `%VARIABLE%` syntax, read with the same state machine
 * (`header_value_validator.go`): `%%` is a literal `%`, `%NAME%` a variable, `%NAME(args)%` one with
 * arguments, which are a JSON-ish list `["a", "b"]` or bare text up to `)`.
 */

/** Control characters Envoy refuses in header values (tab is allowed). */
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;

const UNTERMINATED = "has an unterminated '%' (write a literal '%' as '%%', a variable as '%NAME%')";

enum State {
  LITERAL,
  VARIABLE_NAME,
  EXPECT_ARRAY,
  EXPECT_STRING,
  STRING,
  EXPECT_ARRAY_DELIMITER_OR_END,
  EXPECT_ARGS_END,
  EXPECT_VARIABLE_END,
}

/** Why Istio refuses `value` as a header value (completing "the value …"), or undefined. */
export function headerValueProblem(value: string): string | undefined {
  if (CONTROL.test(value)) {
    return 'must not contain control characters';
  }
  let state = State.LITERAL;
  for (let pos = 0; pos < value.length; pos++) {
    const ch = value[pos];
    switch (state) {
      case State.LITERAL:
        if (ch !== '%') {
          break;
        }
        if (pos + 1 === value.length) {
          return UNTERMINATED;
        }
        if (value[pos + 1] === '%') {
          pos++;
        } else {
          state = State.VARIABLE_NAME;
        }
        break;
      case State.VARIABLE_NAME:
        if (ch === '%') {
          state = State.LITERAL;
        } else if (ch === '(') {
          state = State.EXPECT_ARRAY;
        }
        break;
      case State.EXPECT_ARRAY:
        if (ch === '[') {
          state = State.EXPECT_STRING;
        } else if (ch !== ' ') {
          state = State.STRING;
        }
        break;
      case State.EXPECT_ARRAY_DELIMITER_OR_END:
        if (ch === ',') {
          state = State.EXPECT_STRING;
        } else if (ch === ']') {
          state = State.EXPECT_ARGS_END;
        } else if (ch !== ' ') {
          return `has '${ch}' where a variable's argument list expects ',' or ']'`;
        }
        break;
      case State.EXPECT_STRING:
        if (ch === '"') {
          state = State.STRING;
        } else if (ch !== ' ') {
          return `has '${ch}' where a variable's argument list expects '"'`;
        }
        break;
      case State.STRING:
        if (ch === '\\') {
          if (pos + 1 === value.length) {
            return "ends inside a variable's argument with an unterminated '\\'";
          }
          pos++;
        } else if (ch === ')') {
          state = State.EXPECT_VARIABLE_END;
        } else if (ch === '"') {
          state = State.EXPECT_ARRAY_DELIMITER_OR_END;
        }
        break;
      case State.EXPECT_ARGS_END:
        if (ch === ')') {
          state = State.EXPECT_VARIABLE_END;
        } else if (ch !== ' ') {
          return `has '${ch}' where a variable's argument list expects ')'`;
        }
        break;
      case State.EXPECT_VARIABLE_END:
        if (ch === '%') {
          state = State.LITERAL;
        } else if (ch !== ' ') {
          return `has '${ch}' where a variable expects its closing '%'`;
        }
        break;
    }
  }
  return state === State.LITERAL ? undefined : UNTERMINATED;
}
