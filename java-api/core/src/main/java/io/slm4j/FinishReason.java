package io.slm4j;

/** Why a generation ended. */
public enum FinishReason {
  /** The model produced an end-of-generation token (which is not part of the output). */
  END_OF_SEQUENCE,
  /** A stop string appeared; the output ends just before it. */
  STOP_STRING,
  /** {@link GenerationConfig#maxTokens()} tokens were generated. */
  MAX_TOKENS,
  /**
   * The context window is full: every position holds an evaluated token. The last token was sampled
   * from the last position and is part of the output.
   */
  CONTEXT_FULL,
  /** Cancelled from another thread, by closing a stream early, or by closing the model. */
  CANCELLED
}
