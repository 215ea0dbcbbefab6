package io.slm4j.backend.openvino;

/**
 * Base of every error the OpenVINO LLM pipeline reports. Unchecked: a half-run native call
 * sequence is rarely recoverable by the caller, and the message says what to fix. When OpenVINO
 * itself failed, {@link #getCause()} is an {@link io.slm4j.openvino.OpenVinoException} carrying the
 * native status and message.
 */
public class OpenVinoLlmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and, where possible, what to do about it
   * @param cause the underlying failure, or {@code null}
   */
  public OpenVinoLlmException(String message, Throwable cause) {
    super(message, cause);
  }

  /** @param message what went wrong and, where possible, what to do about it */
  public OpenVinoLlmException(String message) {
    super(message);
  }
}
