package io.slm4j;

/** The model's own tokenizer. Thread-safe; valid while its model is open. */
public interface Tokenizer {
  /**
   * @param text any text; special-token text such as {@code <|im_start|>} becomes the special token
   * @return the token ids, with the model's beginning-of-sequence token when it uses one
   */
  int[] encode(String text);

  /**
   * @param ids token ids
   * @return the text; control tokens such as {@code <|im_end|>} are left out (as every runtime's
   *     streaming decoder does)
   * @throws IllegalArgumentException if an id is outside the vocabulary
   */
  String decode(int[] ids);

  /** @return the number of token ids */
  int vocabularySize();
}
