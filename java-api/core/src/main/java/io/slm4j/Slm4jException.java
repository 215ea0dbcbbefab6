package io.slm4j;

/** The base of every slm4j exception. Unchecked: a caller rarely recovers in the middle of a generation. */
public class Slm4jException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do about it */
  public Slm4jException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure
   */
  public Slm4jException(String message, Throwable cause) {
    super(message, cause);
  }
}
