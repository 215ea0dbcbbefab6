package io.slm4j;

/** The prompt (with the conversation so far) does not fit in the context window. */
public class ContextOverflowException extends Slm4jException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do about it */
  public ContextOverflowException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure
   */
  public ContextOverflowException(String message, Throwable cause) {
    super(message, cause);
  }
}
