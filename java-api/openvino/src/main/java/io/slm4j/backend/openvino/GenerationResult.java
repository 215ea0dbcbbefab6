package io.slm4j.backend.openvino;

/**
 * The outcome of one generation.
 *
 * @param text the generated text (special tokens skipped, as the detokenizer IR was built)
 * @param tokenIds the generated token ids, without the EOS token that ended generation
 * @param promptTokens number of prompt tokens
 * @param reusedTokens prompt tokens whose KV state was reused rather than recomputed
 * @param finishReason why generation ended
 * @param prefillNanos time from start to the first generated token (tokenization and prefill)
 * @param decodeNanos time spent in decode steps (one model step per token after the first)
 * @param decodeSteps number of decode steps (includes the step that produced an EOS token)
 */
public record GenerationResult(String text, long[] tokenIds, int promptTokens, int reusedTokens,
    FinishReason finishReason, long prefillNanos, long decodeNanos, int decodeSteps) {

  /** @return decode steps per second (tokens per second after the first); 0 without steps */
  public double decodeTokensPerSecond() {
    return decodeSteps == 0 || decodeNanos == 0 ? 0 : decodeSteps * 1e9 / decodeNanos;
  }
}
