package io.slm4j;

import java.util.Objects;

/**
 * The one rule for text that goes to a tokenizer, the same on every backend: not null, and no NUL
 * characters (two of the runtimes take C strings and would silently cut the text there); a prompt is
 * also not empty.
 */
final class Prompts {
  private Prompts() {}

  static void check(String text, String what) {
    Objects.requireNonNull(text, what);
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      throw new IllegalArgumentException(what + " contains a NUL character (at index " + nul + ")");
    }
  }

  static void checkPrompt(String prompt) {
    check(prompt, "prompt");
    if (prompt.isEmpty()) {
      throw new IllegalArgumentException("the prompt is empty");
    }
  }
}
