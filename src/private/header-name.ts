/**
 * Header names as Istio and the Gateway API check them: RFC 7230 tokens. Cookie names are tokens
 * too (RFC 6265).
 */

/** An RFC 7230 token, in any case: header names of header operations and CORS lists, Gateway API header names, cookie names. */
export const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** A token in lowercase: a header name in an Istio match (Istio: "header keys must be lowercase"). */
export const LOWERCASE_TOKEN = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

/** What a token is made of, as messages say it. */
export const TOKEN_CHARACTERS = "letters, digits and !#$%&'*+-.^_`|~";
