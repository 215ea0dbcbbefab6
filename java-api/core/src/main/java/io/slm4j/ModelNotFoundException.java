package io.slm4j;

/** The model path does not exist or cannot be read. */
public class ModelNotFoundException extends Slm4jException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do about it */
  public ModelNotFoundException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure
   */
  public ModelNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
