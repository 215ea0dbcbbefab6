package io.slm4j.spi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chat facts of a Hugging Face style model folder (ONNX Runtime GenAI and OpenVINO exports
 * keep the tokenizer files beside the model), read the way {@code transformers} reads them, so
 * both folder backends agree with each other and with the GGUF of the same model.
 *
 * @param chatTemplates templates by name ({@code "default"} first), from
 *     {@code chat_template.jinja}, {@code chat_template.json} or {@code tokenizer_config.json}
 * @param bosToken the BOS text or {@code null}
 * @param eosToken the EOS text or {@code null}
 * @param addBos {@code add_bos_token} of {@code tokenizer_config.json}, or {@code null} if absent
 * @param specialTokens text to id of every added token marked {@code special}
 * @param eosIds {@code eos_token_id} of {@code generation_config.json} and {@code config.json}
 */
public record HfFolder(Map<String, String> chatTemplates, String bosToken, String eosToken, Boolean addBos,
    Map<String, Integer> specialTokens, Set<Integer> eosIds) {

  /**
   * @param folder the model folder
   * @return what the folder's JSON files say; missing or unreadable files contribute nothing
   */
  public static HfFolder read(Path folder) {
    Object tc = json(folder.resolve("tokenizer_config.json"));
    Map<String, String> templates = new LinkedHashMap<>();
    // transformers' precedence: chat_template.jinja, then chat_template.json, then tokenizer_config.
    String jinja = text(folder.resolve("chat_template.jinja"));
    if (jinja != null) {
      templates.put("default", jinja);
    } else if (Json.at(json(folder.resolve("chat_template.json")), "chat_template") instanceof String s) {
      templates.put("default", s);
    } else {
      Object t = Json.at(tc, "chat_template");
      if (t instanceof String s) {
        templates.put("default", s);
      } else if (t instanceof List<?> named) {
        for (Object o : named) {
          if (Json.at(o, "name") instanceof String n && Json.at(o, "template") instanceof String body) {
            templates.put(n, body);
          }
        }
      }
    }
    Map<String, Integer> special = new HashMap<>();
    if (Json.at(json(folder.resolve("tokenizer.json")), "added_tokens") instanceof List<?> added) {
      for (Object t : added) {
        if (Json.at(t, "special") == Boolean.TRUE && Json.at(t, "content") instanceof String c
            && Json.at(t, "id") instanceof Number n) {
          special.put(c, n.intValue());
        }
      }
    }
    if (Json.at(tc, "added_tokens_decoder") instanceof Map<?, ?> dec) {
      for (Map.Entry<?, ?> e : dec.entrySet()) {
        if (Json.at(e.getValue(), "special") == Boolean.TRUE && Json.at(e.getValue(), "content") instanceof String c) {
          try {
            special.putIfAbsent(c, Integer.parseInt(e.getKey().toString()));
          } catch (NumberFormatException ignored) {
            // a malformed key names no token
          }
        }
      }
    }
    Set<Integer> eos = new LinkedHashSet<>();
    ids(Json.at(json(folder.resolve("generation_config.json")), "eos_token_id"), eos);
    ids(Json.at(json(folder.resolve("config.json")), "eos_token_id"), eos);
    Object addBos = Json.at(tc, "add_bos_token");
    return new HfFolder(templates, token(Json.at(tc, "bos_token")), token(Json.at(tc, "eos_token")),
        addBos instanceof Boolean b ? b : null, special, eos);
  }

  /** The id of {@code token} among the special tokens, or -1. */
  public int id(String token) {
    Integer id = token == null ? null : specialTokens.get(token);
    return id == null ? -1 : id;
  }

  private static void ids(Object v, Set<Integer> out) {
    if (v instanceof Number n) {
      out.add(n.intValue());
    } else if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Number n) {
          out.add(n.intValue());
        }
      }
    }
  }

  /** tokenizer_config writes a token as a string or as an AddedToken object with {@code content}. */
  private static String token(Object v) {
    if (v instanceof String s) {
      return s;
    }
    return Json.at(v, "content") instanceof String s ? s : null;
  }

  private static String text(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Object json(Path file) {
    String t = text(file);
    try {
      return t == null ? null : Json.parse(t);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
