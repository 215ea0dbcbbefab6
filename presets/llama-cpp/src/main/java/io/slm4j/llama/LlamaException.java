package io.slm4j.llama;

/**
 * A llama.cpp call failed, or its input was rejected before reaching native code. The message
 * carries what llama.cpp logged at error level during the failing call, when it logged anything.
 */
public class LlamaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LlamaException(String message) {
    super(message);
  }

  public LlamaException(String message, Throwable cause) {
    super(message, cause);
  }
}
