/**
 * Header changes.
 */
export interface HeaderOperations {
  /** Headers overwritten with these values. @default - none */
  readonly set?: { [name: string]: string };
  /** Headers appended with these values. @default - none */
  readonly add?: { [name: string]: string };
  /** Headers removed. @default - none */
  readonly remove?: string[];
}

/**
 * Header changes of a route, on requests and responses.
 */
export interface RouteHeaders {
  /** Changes to requests before forwarding. @default - none */
  readonly request?: HeaderOperations;
  /** Changes to responses before returning them. @default - none */
  readonly response?: HeaderOperations;
}
