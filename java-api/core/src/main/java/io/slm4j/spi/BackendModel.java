package io.slm4j.spi;

import io.slm4j.Device;
import io.slm4j.ModelInfo;
import java.util.Map;

/**
 * A model loaded by one runtime. slm4j calls its methods from many threads at once, except
 * {@link #appendAll} (one thread at a time) and {@link #close()}, which it calls once, after every
 * other call and every session has ended.
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
   * @return a new session with its own KV cache of {@link #contextSize()} tokens; slm4j keeps at most
   *     {@link #reserve reserved} sessions open at once
   */
  BackendSession newSession();

  /**
   * Called once, before the first {@link #newSession()}, with the most sessions slm4j will keep open
   * at once. A batching runtime sizes its shared state (one context with that many sequences) here.
   *
   * @param sequences at least 1
   * @throws io.slm4j.ModelLoadException if the runtime cannot hold that many
   */
  default void reserve(int sequences) {}

  /** @return the bytes of one session's full KV cache, or -1 when unknown (for {@code LoadOptions.fitSequences}) */
  default long sessionBytes() {
    return -1;
  }

  /**
   * @return how many tokens {@link #appendAll} evaluates in one forward pass, across sessions; 0 when
   *     the runtime cannot batch sessions (slm4j then runs them one at a time)
   */
  default int batchTokens() {
    return 0;
  }

  /**
   * One step of continuous batching: evaluates {@code tokens[i]} as the next positions of {@code
   * sessions[i]}, for every i, in as few forward passes as the runtime allows, each session's logits
   * after its last token becoming current as after {@link BackendSession#append}. Called by one
   * thread at a time, with distinct sessions of this model, at most {@link #batchTokens()} tokens in
   * all. An interrupted session is left as it was and reports {@code false}; the others go on.
   *
   * @param sessions sessions of this model
   * @param tokens for each session at least one token that fits in its context
   * @return for each session what {@link BackendSession#append} would have returned
   */
  default boolean[] appendAll(BackendSession[] sessions, int[][] tokens) {
    boolean[] done = new boolean[sessions.length];
    for (int i = 0; i < sessions.length; i++) {
      done[i] = sessions[i].append(tokens[i]);
    }
    return done;
  }

  /** Frees the model. */
  @Override
  void close();
}
