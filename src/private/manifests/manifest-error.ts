/** A manifest that cannot be read; its message starts with `SOURCE:LINE: ` where a line is known. */
export class ManifestError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}
