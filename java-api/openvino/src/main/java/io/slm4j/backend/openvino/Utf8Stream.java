package io.slm4j.backend.openvino;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns generated tokens into text chunks that never split a UTF-8 character: re-detokenizes the
 * tokens since the last line break and emits only bytes that end on a character boundary. A
 * U+FFFD at the end (what a validating detokenizer makes of a cut character) is also held back
 * until more tokens arrive.
 */
final class Utf8Stream {
  private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

  private final OpenVinoTokenizer tokenizer;
  private long[] window = new long[64];
  private int size;
  private int emitted;

  Utf8Stream(OpenVinoTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** @return the next complete text chunk, or {@code null} when nothing complete is new */
  String push(long token) {
    if (size == window.length) {
      window = Arrays.copyOf(window, size * 2);
    }
    window[size++] = token;
    byte[] bytes = tokenizer.decodeBytes(window, 0, size);
    int end = completeLength(bytes);
    if (end >= 3 && bytes[end - 3] == REPLACEMENT[0] && bytes[end - 2] == REPLACEMENT[1]
        && bytes[end - 1] == REPLACEMENT[2]) {
      end -= 3;
    }
    if (end <= emitted) {
      return null;
    }
    String chunk = new String(bytes, emitted, end - emitted, StandardCharsets.UTF_8);
    emitted = end;
    if (end == bytes.length && bytes[end - 1] == '\n') {
      // A line is complete: start a new window so re-detokenization stays short.
      size = 0;
      emitted = 0;
    }
    return chunk;
  }

  /** @return whatever is still held back (possibly with replacement characters), or null */
  String flush() {
    if (size == 0) {
      return null;
    }
    byte[] bytes = tokenizer.decodeBytes(window, 0, size);
    String rest = bytes.length > emitted
        ? new String(bytes, emitted, bytes.length - emitted, StandardCharsets.UTF_8) : null;
    size = 0;
    emitted = 0;
    return rest == null || rest.isEmpty() ? null : rest;
  }

  /** Length of the longest prefix of bytes that does not end inside a UTF-8 sequence. */
  static int completeLength(byte[] bytes) {
    int n = bytes.length;
    // Look back at most 3 bytes for the lead byte of the last sequence.
    for (int back = 1; back <= Math.min(4, n); back++) {
      int b = bytes[n - back] & 0xFF;
      if ((b & 0xC0) == 0x80) {
        continue; // continuation byte
      }
      int need = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
      return back >= need ? n : n - back;
    }
    return n;
  }
}
