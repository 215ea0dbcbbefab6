package io.slm4j;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns token bytes into output text: never splits a UTF-8 character, never emits any part of a
 * stop string (text that could be the start of one is held back until it is known not to be), and
 * cuts the output just before the first stop string. One per generation; not thread-safe.
 */
final class TextAssembler {
  private final List<String> stops;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final StringBuilder held = new StringBuilder();
  private boolean stopped;

  TextAssembler(List<String> stops) {
    this.stops = stops;
  }

  /** @return whether a stop string has been seen */
  boolean stopped() {
    return stopped;
  }

  /**
   * @param piece the next token's bytes
   * @return the text that is now safe to emit (possibly empty)
   */
  String add(byte[] piece) {
    if (stopped) {
      return "";
    }
    bytes.write(piece, 0, piece.length);
    byte[] all = bytes.toByteArray();
    int complete = completeLength(all);
    bytes.reset();
    bytes.write(all, complete, all.length - complete);
    held.append(new String(all, 0, complete, StandardCharsets.UTF_8));
    return release(false);
  }

  /** @return the rest at the end of generation (an unfinished UTF-8 sequence becomes U+FFFD) */
  String finish() {
    if (stopped) {
      return "";
    }
    held.append(bytes.toString(StandardCharsets.UTF_8));
    bytes.reset();
    return release(true);
  }

  private String release(boolean end) {
    int cut = -1;
    for (String s : stops) {
      int at = held.indexOf(s);
      if (at >= 0 && (cut < 0 || at < cut)) {
        cut = at;
      }
    }
    String out;
    if (cut >= 0) {
      stopped = true;
      out = held.substring(0, cut);
      held.setLength(0);
      return out;
    }
    int keep = end ? 0 : heldBack();
    out = held.substring(0, held.length() - keep);
    held.delete(0, held.length() - keep);
    return out;
  }

  /** Length of the longest tail of {@code held} that begins some stop string. */
  private int heldBack() {
    int best = 0;
    String h = held.toString();
    for (String s : stops) {
      for (int k = Math.min(s.length() - 1, h.length()); k > best; k--) {
        if (h.regionMatches(h.length() - k, s, 0, k)) {
          best = k;
          break;
        }
      }
    }
    return best;
  }

  /** Length of the prefix of {@code b} that does not end inside a multi-byte sequence. */
  static int completeLength(byte[] b) {
    int n = b.length;
    // A UTF-8 sequence is at most 4 bytes: only the last 3 can belong to an unfinished one.
    for (int back = 1; back <= Math.min(3, n); back++) {
      int c = b[n - back] & 0xFF;
      if ((c & 0xC0) == 0x80) {
        continue;
      }
      int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      return need > back ? n - back : n;
    }
    return n;
  }
}
