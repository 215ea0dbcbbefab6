package io.slm4j;

import io.slm4j.spi.BackendSession;
import java.util.Arrays;

/** A backend session and the token ids its KV cache holds, so a new prompt can reuse their common prefix. */
final class Slot implements AutoCloseable {
  final BackendSession session;
  private int[] tokens = new int[64];
  private int length;

  Slot(BackendSession session) {
    this.session = session;
  }

  int length() {
    return length;
  }

  int[] tokens() {
    return tokens;
  }

  /** Evaluates the tokens; returns false (and keeps the old length) when interrupted. */
  boolean append(int[] add) {
    if (!session.append(add)) {
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

  /** Keeps the longest common prefix with {@code prompt}, at most {@code max} tokens; returns its length. */
  int reusePrefix(int[] prompt, int max) {
    int keep = 0;
    int limit = Math.min(Math.min(length, prompt.length), max);
    while (keep < limit && tokens[keep] == prompt[keep]) {
      keep++;
    }
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
