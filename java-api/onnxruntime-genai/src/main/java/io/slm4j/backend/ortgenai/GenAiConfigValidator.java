package io.slm4j.backend.ortgenai;

import io.slm4j.ModelLoadException;
import io.slm4j.spi.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the values of genai_config.json that GenAI reads into C++ ints, uses as printf formats or as paths, so that a
 * wrong value is a {@link ModelLoadException} naming the key instead of undefined behaviour in native code.
 */
public final class GenAiConfigValidator {
  /** GenAI formats these with the layer index: exactly one %d and no other conversion. */
  private static final Pattern LAYER_TEMPLATE = Pattern.compile("[^%]*%d[^%]*");
  private static final long MAX_CONTEXT = 1L << 24;
  private static final long MAX_VOCAB = 1L << 24;

  private GenAiConfigValidator() {}

  /** @param config the parsed genai_config.json of {@code folder} */
  public static void validate(Path folder, Object config) {
    Path cfg = folder.resolve("genai_config.json");
    if (!(Json.at(config, "model") instanceof Map<?, ?>)) {
      throw new ModelLoadException(cfg + ": model must be an object (" + Json.at(config, "model") + ")");
    }
    integer(cfg, config, 1, MAX_CONTEXT, "model", "context_length");
    integer(cfg, config, 1, MAX_VOCAB, "model", "vocab_size");
    integer(cfg, config, 1, 4096, "model", "decoder", "head_size");
    integer(cfg, config, 1, 1 << 20, "model", "decoder", "hidden_size");
    long heads = integer(cfg, config, 1, 4096, "model", "decoder", "num_attention_heads");
    long kvHeads = integer(cfg, config, 1, 4096, "model", "decoder", "num_key_value_heads");
    integer(cfg, config, 1, 512, "model", "decoder", "num_hidden_layers");
    if (heads > 0 && kvHeads > 0 && heads % kvHeads != 0) {
      throw new ModelLoadException(cfg + ": model.decoder.num_attention_heads = " + heads
          + " is not a multiple of num_key_value_heads = " + kvHeads);
    }
    long vocab = ((Number) Json.at(config, "model", "vocab_size")).longValue();
    for (String k : List.of("bos_token_id", "pad_token_id", "eos_token_id")) {
      Object v = Json.at(config, "model", k);
      for (Object id : v instanceof List<?> l ? l : v == null ? List.of() : List.of(v)) {
        if (!(id instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0
            || n.longValue() >= vocab) {
          throw new ModelLoadException(cfg + ": model." + k + " = " + v + " (token ids in [0, " + vocab + "))");
        }
      }
    }
    for (String side : List.of("inputs", "outputs")) {
      Object names = Json.at(config, "model", "decoder", side);
      if (names == null) {
        continue;
      }
      if (!(names instanceof Map<?, ?> m)) {
        throw new ModelLoadException(cfg + ": model.decoder." + side + " must be an object (" + names + ")");
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = "model.decoder." + side + "." + e.getKey();
        if (!(e.getValue() instanceof String s) || s.isEmpty()) {
          throw new ModelLoadException(cfg + ": " + key + " = " + e.getValue() + " (must be a tensor name)");
        }
        boolean template = String.valueOf(e.getKey()).endsWith("_names");
        if (template ? !LAYER_TEMPLATE.matcher(s).matches() : s.indexOf('%') >= 0) {
          throw new ModelLoadException(cfg + ": " + key + " = " + s + (template
              ? " (a per-layer name needs exactly one %d and no other %)" : " (a tensor name must not contain %)"));
        }
      }
    }
    Object file = Json.at(config, "model", "decoder", "filename");
    if (file instanceof String f) {
      Path p = folder.resolve(f).normalize();
      if (!p.startsWith(folder.normalize()) || Path.of(f).isAbsolute()) {
        throw new ModelLoadException(cfg + ": model.decoder.filename = " + f + " points outside the model folder");
      }
    }
  }

  private static long integer(Path cfg, Object config, long min, long max, String... key) {
    Object v = Json.at(config, key);
    if (v == null) {
      throw new ModelLoadException(cfg + ": " + String.join(".", key) + " is missing");
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min
        || n.doubleValue() > max) {
      throw new ModelLoadException(cfg + ": " + String.join(".", key) + " = " + v + " (an integer in [" + min + ", "
          + max + "])");
    }
    return n.longValue();
  }
}
