package io.slm4j.spi;

/**
 * A sequence of evaluated tokens and its KV cache. Used by one thread at a time, except
 * {@link #interrupt()}, which any thread may call at any time.
 */
public interface BackendSession extends AutoCloseable {
  /** @return how many tokens the KV cache holds */
  int length();

  /**
   * Evaluates {@code tokens} as the next positions and makes the logits after the last one current.
   *
   * @param tokens at least one token; {@code length() + tokens.length} is at most the context size
   * @return {@code false} if {@link #interrupt()} stopped the evaluation (the session is then
   *     rewound to where it was), {@code true} when done
   * @throws io.slm4j.GenerationException if the runtime failed
   */
  boolean append(int[] tokens);

  /**
   * Copies the logits after the last evaluated token.
   *
   * @param out an array of the vocabulary size
   */
  void logits(float[] out);

  /**
   * Drops tokens (and their KV cache) from position {@code length} on.
   *
   * @param length the new length, from 0 to {@link #length()}
   */
  void truncate(int length);

  /** Asks a running {@link #append} to stop soon; a no-op when none runs. Sticky until {@link #clearInterrupt()}. */
  void interrupt();

  /** Clears an {@link #interrupt()} request. */
  void clearInterrupt();

  /** Frees the session. */
  @Override
  void close();
}
