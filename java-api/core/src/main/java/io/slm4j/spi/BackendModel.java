package io.slm4j.spi;

import io.slm4j.Device;
import io.slm4j.ModelInfo;
import java.util.Map;

/**
 * A model loaded by one runtime. slm4j calls its methods from many threads at once, except
 * {@link #close()}, which it calls once, after every other call and every session has ended.
 */
public interface BackendModel extends AutoCloseable {
  /** @return what the model is */
  ModelInfo info();

  /** @return the device the model runs on */
  Device device();

  /** @return the context window sessions get, in tokens */
  int contextSize();

  /** @return the number of token ids */
  int vocabularySize();

  /**
   * @param text text; special-token text becomes special tokens
   * @param addSpecial whether to add the model's beginning-of-sequence token (if it uses one)
   * @return token ids
   */
  default int[] tokenize(String text, boolean addSpecial) {
    return tokenize(text, addSpecial, true);
  }

  /**
   * @param text text
   * @param addBos whether to put the model's beginning-of-sequence token first (only if
   *     {@link TokenizerInfo#addBos()}); {@code false} must never yield a BOS the text does not spell
   * @param parseSpecial whether special-token text (see {@link TokenizerInfo#specialTokens()})
   *     becomes the special token; {@code false}: it is tokenized as ordinary text
   * @return token ids
   */
  int[] tokenize(String text, boolean addBos, boolean parseSpecial);

  /** @return the tokenizer facts core builds chat prompts from */
  TokenizerInfo tokenizerInfo();

  /**
   * @return the model's chat templates (Jinja source) by name: {@code "default"} and named
   *     variants such as {@code "tool_use"}; empty if the model has none
   */
  Map<String, String> chatTemplates();

  /**
   * @param ids token ids within the vocabulary
   * @return the text
   */
  String detokenize(int[] ids);

  /** @return a new decoder for one stream of generated tokens (not thread-safe) */
  TokenDecoder newDecoder();

  /**
   * @param id a token id
   * @return whether it ends generation (end-of-sequence, end-of-turn)
   */
  boolean isEndOfGeneration(int id);

  /**
   * @return a new session with its own KV cache of {@link #contextSize()} tokens
   */
  BackendSession newSession();

  /** Frees the model. */
  @Override
  void close();
}
