/**
 * Header values on both sides of Istio's `ValidateHTTPHeaderValue` (test/private/header-value.test.ts
 * checks the library against them; test/istio/routes.differential.ts checks them against Istio).
 */
/** Values Istio's ValidateHTTPHeaderValue accepts (checked against Istio in test/istio/routes.differential.ts). */
export const ACCEPTED_HEADER_VALUES = [
  '', 'plain', 'tab\there', '100%%', '%%%%', '%HOSTNAME%', 'a %HOSTNAME% b', '%DOWNSTREAM_REMOTE_ADDRESS%%%', '%%%START_TIME%',
  '%START_TIME(%s)%', '%REQ(x-a)%', '%REQ(x-a) %', '%REQ( x-a)%', '%VAR(["a"])%', '%VAR(["a", "b"])%', '%VAR( [ "a" , "b" ] ) %',
  '%VAR(["a\\"b"])%', '%VAR(a\\)b)%', '%%VAR', 'é%é%', '%A%%B%',
];

/** Values it refuses, with this library's reason (a `)` ends the arguments even inside quotes). */
export const REFUSED_HEADER_VALUES: Array<[string, string]> = [
  ['%VAR(["a)b"])%', "has 'b' where a variable expects its closing '%'"],
  ['100%', "has an unterminated '%' (write a literal '%' as '%%', a variable as '%NAME%')"],
  ['%HOSTNAME', "has an unterminated '%' (write a literal '%' as '%%', a variable as '%NAME%')"],
  ['%START_TIME%%', "has an unterminated '%' (write a literal '%' as '%%', a variable as '%NAME%')"],
  ['%REQ(x-a%', "has an unterminated '%' (write a literal '%' as '%%', a variable as '%NAME%')"],
  ['%VAR(["a"', "has an unterminated '%' (write a literal '%' as '%%', a variable as '%NAME%')"],
  ['%VAR(["a" "b"])%', "has '\"' where a variable's argument list expects ',' or ']'"],
  ['%VAR([a])%', "has 'a' where a variable's argument list expects '\"'"],
  ['%VAR(["a"] x)%', "has 'x' where a variable's argument list expects ')'"],
  ['%REQ(x-a) x%', "has 'x' where a variable expects its closing '%'"],
  ['%VAR(["a\\', "ends inside a variable's argument with an unterminated '\\'"],
  ['line\nbreak', 'must not contain control characters'],
  ['bell\u0007', 'must not contain control characters'],
  ['del\u007f', 'must not contain control characters'],
];

