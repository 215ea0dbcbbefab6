package io.slm4j.llama;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns a stream of token pieces into text without ever splitting a UTF-8 character: bytes of an
 * incomplete trailing sequence are held back until the piece that completes them arrives. Not
 * thread-safe; one per stream.
 */
public final class Utf8Decoder {
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  /** Adds a piece and returns the text that is now complete (possibly empty). */
  public String feed(byte[] piece) {
    pending.write(piece, 0, piece.length);
    byte[] all = pending.toByteArray();
    int complete = completeLength(all);
    pending.reset();
    pending.write(all, complete, all.length - complete);
    return new String(all, 0, complete, StandardCharsets.UTF_8);
  }

  /** Returns whatever is left at the end of the stream; invalid bytes become U+FFFD. */
  public String flush() {
    String rest = pending.toString(StandardCharsets.UTF_8);
    pending.reset();
    return rest;
  }

  /** Length of the prefix that does not end inside a multi-byte sequence. */
  static int completeLength(byte[] b) {
    int n = b.length;
    // A UTF-8 sequence is at most 4 bytes: only the last 3 can belong to an unfinished one.
    for (int back = 1; back <= Math.min(3, n); back++) {
      int c = b[n - back] & 0xFF;
      if ((c & 0xC0) == 0x80) {
        continue; // continuation byte: keep looking for the lead byte
      }
      int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      return need > back ? n - back : n;
    }
    return n;
  }
}
