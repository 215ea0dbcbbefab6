package io.slm4j.llama;

import static io.slm4j.llama.global.llama.*;

import org.bytedeco.javacpp.IntPointer;

/**
 * Decoding a Java token array safely.
 *
 * <p>{@code llama_decode(ctx, llama_batch_get_one(int[] tokens, n))} looks natural but is wrong:
 * JavaCPP copies the array into a temporary that is released when {@code llama_batch_get_one}
 * returns, so the batch points at freed memory by the time {@code llama_decode} reads it. The
 * tokens must live in native memory (an {@link IntPointer}) for the whole decode.
 */
public final class LlamaDecoding {
  private LlamaDecoding() {}

  /**
   * Decodes {@code tokens} as the next positions of sequence 0.
   *
   * @return llama_decode's result: 0 on success, 1 when the KV cache has no room, 2 when aborted,
   *     negative on error
   */
  public static int decode(llama_context ctx, int... tokens) {
    if (tokens.length == 0) {
      throw new IllegalArgumentException("no tokens to decode");
    }
    try (IntPointer native_ = new IntPointer(tokens)) {
      return llama_decode(ctx, llama_batch_get_one(native_, tokens.length));
    }
  }
}
