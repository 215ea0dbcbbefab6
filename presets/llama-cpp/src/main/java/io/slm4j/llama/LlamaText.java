package io.slm4j.llama;

import static io.slm4j.llama.global.llama.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * Text to tokens and back, always as UTF-8 bytes: the generated {@code String} overloads use the
 * platform charset, which breaks CJK and emoji under a non-UTF-8 locale.
 */
public final class LlamaText {
  private LlamaText() {}

  /** Tokenizes {@code text}; {@code parseSpecial} turns special-token text into special tokens. */
  public static int[] tokenize(llama_vocab vocab, String text, boolean addSpecial, boolean parseSpecial) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try (PointerScope scope = new PointerScope()) {
      BytePointer in = new BytePointer(bytes.length == 0 ? 1 : bytes.length);
      in.put(bytes, 0, bytes.length);
      int capacity = bytes.length + 8;
      IntPointer out = new IntPointer(capacity);
      int n = llama_tokenize(vocab, in, bytes.length, out, capacity, addSpecial, parseSpecial);
      if (n < 0) { // the buffer was too small; -n is the count needed
        capacity = -n;
        out = new IntPointer(capacity);
        n = llama_tokenize(vocab, in, bytes.length, out, capacity, addSpecial, parseSpecial);
      }
      if (n < 0) {
        throw new LlamaException("tokenization failed (" + n + ")");
      }
      int[] tokens = new int[n];
      out.get(tokens);
      return tokens;
    }
  }

  /**
   * The bytes of one token's piece. A piece may end in the middle of a multi-byte UTF-8 character:
   * stream text through {@link Utf8Decoder}, never through {@code new String(piece)}.
   */
  public static byte[] piece(llama_vocab vocab, int token, boolean special) {
    checkToken(vocab, token);
    byte[] buf = new byte[32];
    int n = llama_token_to_piece(vocab, token, buf, buf.length, 0, special);
    if (n < 0) {
      buf = new byte[-n];
      n = llama_token_to_piece(vocab, token, buf, buf.length, 0, special);
    }
    if (n < 0) {
      throw new LlamaException("token_to_piece failed for token " + token);
    }
    return Arrays.copyOf(buf, n);
  }

  /** Detokenizes a whole sequence. */
  public static String detokenize(llama_vocab vocab, int[] tokens, boolean removeSpecial, boolean unparseSpecial) {
    for (int t : tokens) {
      checkToken(vocab, t);
    }
    byte[] buf = new byte[Math.max(16, tokens.length * 8)];
    int n = llama_detokenize(vocab, tokens, tokens.length, buf, buf.length, removeSpecial, unparseSpecial);
    if (n < 0) {
      buf = new byte[-n];
      n = llama_detokenize(vocab, tokens, tokens.length, buf, buf.length, removeSpecial, unparseSpecial);
    }
    if (n < 0) {
      throw new LlamaException("detokenize failed (" + n + ")");
    }
    return new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * Formats a conversation with a chat template (for example {@code llama_model_chat_template}).
   *
   * @param roleContentPairs role and content alternating: {@code "system", "...", "user", "..."}
   */
  public static String applyChatTemplate(String template, List<String> roleContentPairs, boolean addAssistant) {
    if (template == null) {
      throw new LlamaException("the model has no chat template");
    }
    if (roleContentPairs.size() % 2 != 0) {
      throw new IllegalArgumentException("roles and contents must alternate");
    }
    int count = roleContentPairs.size() / 2;
    try (PointerScope scope = new PointerScope()) {
      llama_chat_message messages = new llama_chat_message(count);
      int length = 64;
      for (int i = 0; i < count; i++) {
        byte[] role = LlamaModels.utf8z(roleContentPairs.get(2 * i));
        byte[] content = LlamaModels.utf8z(roleContentPairs.get(2 * i + 1));
        length += role.length + content.length + 32;
        messages.position(i).role(new BytePointer(role)).content(new BytePointer(content));
      }
      messages.position(0);
      BytePointer tmpl = new BytePointer(LlamaModels.utf8z(template));
      BytePointer out = new BytePointer(length);
      int n = llama_chat_apply_template(tmpl, messages, count, addAssistant, out, length);
      if (n > length) {
        out = new BytePointer(n);
        n = llama_chat_apply_template(tmpl, messages, count, addAssistant, out, n);
      }
      if (n < 0) {
        throw new LlamaException("unsupported chat template");
      }
      byte[] bytes = new byte[n];
      out.get(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static void checkToken(llama_vocab vocab, int token) {
    int n = llama_vocab_n_tokens(vocab);
    if (token < 0 || token >= n) {
      throw new IllegalArgumentException("token " + token + " is outside the vocabulary [0, " + n + ")");
    }
  }
}
