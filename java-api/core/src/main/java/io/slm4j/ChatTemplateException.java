package io.slm4j;

/**
 * A chat template could not be parsed or rendered: a syntax error, {@code raise_exception} in the
 * template, or a render that ran past slm4j's bounds (output size, recursion depth, range length).
 */
public class ChatTemplateException extends Slm4jException {
  private static final long serialVersionUID = 1L;
  private final int line;

  /**
   * @param message what went wrong, naming the template line where known
   * @param line the 1-based template line, or 0 when unknown
   * @param cause the underlying failure, or {@code null}
   */
  public ChatTemplateException(String message, int line, Throwable cause) {
    super(message, cause);
    this.line = line;
  }

  /** @return the 1-based line of the template the error is on, or 0 when unknown */
  public int line() {
    return line;
  }
}
