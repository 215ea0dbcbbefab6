package io.slm4j.backend.openvino;

/** Generation failed after the model loaded: a native inference error or bad input. */
public class GenerationException extends OpenVinoLlmException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed
   * @param cause the underlying failure, or {@code null}
   */
  public GenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
