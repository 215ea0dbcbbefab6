package io.slm4j.backend.openvino;

import io.slm4j.spi.BackendSession;
import java.nio.FloatBuffer;

/**
 * A {@link KvSession} behind the slm4j SPI. OpenVINO cannot stop a running inference from here, so an
 * interrupt takes effect between prompt chunks of 64 tokens or between tokens.
 */
final class OpenVinoBackendSession implements BackendSession {
  private static final int CHUNK = 64;
  private final KvSession kv;
  private volatile boolean interrupted;

  OpenVinoBackendSession(OpenVinoBackendModel model) {
    this.kv = new KvSession(model.llm);
  }

  @Override
  public int length() {
    return kv.length();
  }

  @Override
  public boolean append(int[] tokens) {
    int start = kv.length();
    long[] ids = new long[tokens.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = tokens[i];
    }
    try {
      for (int from = 0; from < ids.length; from += CHUNK) {
        if (interrupted) {
          kv.rewind(start);
          return false;
        }
        kv.forward(ids, from, Math.min(CHUNK, ids.length - from));
      }
    } catch (OpenVinoLlmException e) {
      throw new io.slm4j.GenerationException("OpenVINO failed to evaluate tokens: " + e.getMessage(), e);
    }
    return true;
  }

  @Override
  public void logits(float[] out) {
    FloatBuffer b = kv.logits();
    b.get(out, 0, out.length);
  }

  @Override
  public int argmax(float[] scratch) {
    return kv.greedyToken(); // native argmax over the last row, first id on ties
  }

  @Override
  public void truncate(int length) {
    if (length < 0 || length > kv.length()) {
      throw new IllegalArgumentException("cannot truncate " + kv.length() + " tokens to " + length);
    }
    if (length < kv.length()) {
      kv.rewind(length);
    }
  }

  @Override
  public void interrupt() {
    interrupted = true;
  }

  @Override
  public void clearInterrupt() {
    interrupted = false;
  }

  @Override
  public synchronized void close() {
    kv.close();
  }
}
