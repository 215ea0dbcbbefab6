package io.slm4j.ortgenai;

/**
 * An error reported by ONNX Runtime GenAI through its {@code OgaResult} object, or a problem slm4j
 * detected before calling into GenAI (missing model folder, unreadable configuration, closed handle).
 *
 * <p>The message is GenAI's own diagnostic text, decoded as UTF-8, prefixed with the operation that
 * failed; {@link #nativeMessage()} gives the native text alone ({@code null} when the error was
 * detected in Java).
 */
public class OrtGenAiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String nativeMessage;

  /**
   * @param operation the operation that failed, e.g. the C function name
   * @param nativeMessage GenAI's diagnostic text, or {@code null} for errors found in Java
   * @param detail the message for errors found in Java, or {@code null}
   */
  public OrtGenAiException(String operation, String nativeMessage, String detail) {
    super(operation + ": " + (nativeMessage != null ? nativeMessage : detail));
    this.operation = operation;
    this.nativeMessage = nativeMessage;
  }

  /** @return the operation that failed */
  public String operation() {
    return operation;
  }

  /** @return GenAI's diagnostic text, or {@code null} when slm4j detected the error before the native call */
  public String nativeMessage() {
    return nativeMessage;
  }
}
