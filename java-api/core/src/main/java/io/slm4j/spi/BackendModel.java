package io.slm4j.spi;

import io.slm4j.ChatMessage;
import io.slm4j.Device;
import io.slm4j.ModelInfo;
import java.util.List;

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
  int[] tokenize(String text, boolean addSpecial);

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
   * @param messages role and content pairs
   * @param addAssistantPrefix whether to append the start of an assistant turn
   * @return the prompt text the model's chat template makes of them
   * @throws io.slm4j.UnsupportedModelException if the model has no chat template
   */
  String applyChatTemplate(List<ChatMessage> messages, boolean addAssistantPrefix);

  /**
   * @return a new session with its own KV cache of {@link #contextSize()} tokens
   */
  BackendSession newSession();

  /** Frees the model. */
  @Override
  void close();
}
