package io.slm4j.backend.openvino;

/**
 * Receives generated text as it is produced. Chunks are always whole UTF-8 characters: bytes of a
 * character split across tokens are held back until the character is complete.
 *
 * <p>Called on the generating thread, in order; generation waits while it runs. An exception
 * thrown here stops generation and propagates to the caller.
 */
@FunctionalInterface
public interface TextStreamer {
  /**
   * @param chunk the next piece of text, never empty
   * @return {@code true} to continue, {@code false} to stop generation ({@link FinishReason#STOPPED})
   */
  boolean onText(String chunk);
}
