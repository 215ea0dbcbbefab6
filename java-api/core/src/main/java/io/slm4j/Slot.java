package io.slm4j;

import io.slm4j.spi.BackendSession;
import java.util.Arrays;

/**
 * A backend session and the token ids its KV cache holds, so a new prompt can reuse their common
 * prefix. Owned by one generation at a time: the model lends slots out and takes them back.
 */
final class Slot implements AutoCloseable {
  final BackendSession session;
  private final Engine engine;
  private int[] tokens = new int[64];
  private int length;
  /** When the slot was last given back: the least recently used one is evicted first. */
  long lastUsed;

  Slot(BackendSession session, Engine engine) {
    this.session = session;
    this.engine = engine;
  }

  int length() {
    return length;
  }

  int[] tokens() {
    return tokens;
  }

  /** Evaluates the tokens; returns false (and keeps the old length) when interrupted. */
  boolean append(int[] add) {
    if (!engine.append(session, add)) {
      session.truncate(length);
      return false;
    }
    if (length + add.length > tokens.length) {
      tokens = Arrays.copyOf(tokens, Math.max(2 * tokens.length, length + add.length));
    }
    System.arraycopy(add, 0, tokens, length, add.length);
    length += add.length;
    return true;
  }

  int argmax(float[] scratch) {
    return engine.argmax(session, scratch);
  }

  void logits(float[] out) {
    engine.logits(session, out);
  }

  /** @return the length of the common prefix of the cached tokens and {@code prompt} */
  int commonPrefix(int[] prompt) {
    int keep = 0;
    int limit = Math.min(length, prompt.length);
    while (keep < limit && tokens[keep] == prompt[keep]) {
      keep++;
    }
    return keep;
  }

  /** Keeps the longest common prefix with {@code prompt}, at most {@code max} tokens; returns its length. */
  int reusePrefix(int[] prompt, int max) {
    int keep = Math.min(commonPrefix(prompt), max);
    if (keep < length) {
      session.truncate(keep);
      length = keep;
    }
    return keep;
  }

  private boolean closed;

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      session.close();
    }
  }
}
