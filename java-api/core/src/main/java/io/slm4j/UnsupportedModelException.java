package io.slm4j;

/** The path exists but is no model format any backend reads (or not the format the chosen backend reads). */
public class UnsupportedModelException extends Slm4jException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do about it */
  public UnsupportedModelException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure
   */
  public UnsupportedModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
