/** The one error type the core throws for bad names and parameters. */
export class ActivationError extends Error {
  /** A second line for the user, such as "Did you mean 'relu'?". */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'ActivationError';
    this.hint = hint;
  }
}
