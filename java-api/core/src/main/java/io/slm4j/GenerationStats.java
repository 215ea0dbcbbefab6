package io.slm4j;

/**
 * Measurements of one generation call, taken the same way on every backend: prefill is the
 * evaluation of the prompt tokens not already in the KV cache, decode is every later step.
 *
 * @param promptTokens tokens in the prompt (including the reused ones)
 * @param reusedPromptTokens prompt tokens already in the KV cache and not evaluated again
 * @param generatedTokens tokens sampled as output (an end-of-sequence token is not counted)
 * @param timeToFirstTokenNanos from the call to the first sampled token
 * @param prefillNanos time spent evaluating the prompt
 * @param decodeNanos time from the first sampled token to the end
 * @param finishReason why it ended
 * @param backend the backend id
 * @param device the device used
 */
public record GenerationStats(int promptTokens, int reusedPromptTokens, int generatedTokens,
    long timeToFirstTokenNanos, long prefillNanos, long decodeNanos, FinishReason finishReason,
    String backend, Device device) {

  /** @return prompt tokens evaluated per second (0 when nothing was evaluated) */
  public double prefillTokensPerSecond() {
    int n = promptTokens - reusedPromptTokens;
    return prefillNanos <= 0 || n <= 0 ? 0 : n * 1e9 / prefillNanos;
  }

  /** @return tokens per second after the first (0 with fewer than two tokens) */
  public double decodeTokensPerSecond() {
    return decodeNanos <= 0 || generatedTokens < 2 ? 0 : (generatedTokens - 1) * 1e9 / decodeNanos;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT,
        "%d prompt tokens (%d reused), %d generated, TTFT %.1f ms, prefill %.1f tok/s, decode %.1f tok/s, %s, %s/%s",
        promptTokens, reusedPromptTokens, generatedTokens, timeToFirstTokenNanos / 1e6, prefillTokensPerSecond(),
        decodeTokensPerSecond(), finishReason, backend, device);
  }
}
