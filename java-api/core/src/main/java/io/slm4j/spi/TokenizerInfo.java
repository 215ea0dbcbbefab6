package io.slm4j.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What core needs to know about a model's tokenizer to build chat prompts the same way on every
 * backend, from the model's own metadata (GGUF keys, or {@code tokenizer_config.json},
 * {@code tokenizer.json} and {@code generation_config.json} in a model folder).
 *
 * @param bosToken the beginning-of-sequence text, or {@code null} if the model has none
 * @param bosId its id, or -1
 * @param eosToken the end-of-sequence text, or {@code null}
 * @param eosId its id, or -1
 * @param addBos whether the model's tokenizer puts {@code bosId} in front of a sequence
 * @param specialTokens the text of every token that special-token parsing matches, with its id
 *     (control and added tokens); message content containing one of these is tokenized as text
 * @param endOfTurnIds ids that end a reply (EOS, end-of-turn tokens, generation config's
 *     {@code eos_token_id})
 */
public record TokenizerInfo(String bosToken, int bosId, String eosToken, int eosId, boolean addBos,
    Map<String, Integer> specialTokens, Set<Integer> endOfTurnIds) {
  /** Copies. */
  public TokenizerInfo {
    specialTokens = Map.copyOf(Objects.requireNonNull(specialTokens, "specialTokens"));
    endOfTurnIds = Set.copyOf(Objects.requireNonNull(endOfTurnIds, "endOfTurnIds"));
  }
}
