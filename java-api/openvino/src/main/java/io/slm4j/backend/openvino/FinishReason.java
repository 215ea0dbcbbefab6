package io.slm4j.backend.openvino;

/** Why a generation ended. */
public enum FinishReason {
  /** The model produced an end-of-sequence token (not included in the result). */
  EOS,
  /** The requested number of new tokens was reached. */
  MAX_TOKENS,
  /** The streamer asked to stop. */
  STOPPED,
  /** The model's context length was reached. */
  CONTEXT_FULL
}
