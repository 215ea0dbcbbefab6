package io.slm4j.spi;

/**
 * Turns generated token ids into UTF-8 bytes, in order. The bytes of successive calls concatenate to
 * the output text; a call may end inside a multi-byte character (slm4j holds such bytes back).
 */
public interface TokenDecoder extends AutoCloseable {
  /**
   * @param id the next generated token
   * @return its UTF-8 bytes, possibly empty
   */
  byte[] next(int id);

  /** Frees native state of the decoder, if any; called once when the generation ends. */
  @Override
  default void close() {}
}
