/**
 * A route added to a host, in the order routes are evaluated.
 *
 * ```ts
 * const route = reviews.addRoute({ name: 'jason', matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }], destinations: [{ version: 'v2' }] });
 * route.index; // 0: evaluated first, before the default route
 * ```
 */
export class Route {
  /** @internal */
  public constructor(
    /** The kind of route: `http`, `tcp` or `tls`. */
    public readonly kind: string,
    /** Position among the host's routes of the same kind, 0-based, in evaluation order. */
    public readonly index: number,
    /** The route's name, if any. */
    public readonly name?: string,
  ) {}
}
