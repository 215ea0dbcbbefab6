package io.slm4j;

/** A native failure during generation, or a token listener that threw (the generation is then stopped). */
public class GenerationException extends Slm4jException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do about it */
  public GenerationException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure
   */
  public GenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
