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
   * Greedy decoding's step: the id of the largest logit after the last evaluated token (the first
   * such id on ties). A backend may compute it natively; it may then hold the id as the likely next
   * token, so the caller's next call is usually {@code append(new int[] {id})}.
   *
   * @param scratch an array of the vocabulary size the default implementation fills with the logits
   * @return the id
   */
  default int argmax(float[] scratch) {
    logits(scratch);
    int best = 0;
    for (int i = 1; i < scratch.length; i++) {
      if (scratch[i] > scratch[best]) {
        best = i;
      }
    }
    return best;
  }

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
