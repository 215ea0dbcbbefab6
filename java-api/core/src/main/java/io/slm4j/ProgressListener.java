package io.slm4j;

/** Receives model load progress on the loading thread. */
@FunctionalInterface
public interface ProgressListener {
  /**
   * @param fraction progress from 0 to 1
   * @return {@code false} to cancel the load, which then fails with {@link ModelLoadException}
   */
  boolean onProgress(float fraction);
}
