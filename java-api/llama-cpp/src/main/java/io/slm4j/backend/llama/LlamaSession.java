package io.slm4j.backend.llama;

import io.slm4j.spi.BackendSession;

/**
 * One sequence of the model's shared llama.cpp context. Its logits are copied out of the context
 * when a step evaluated it, so that the next step (of any sequence) can run before it samples.
 */
final class LlamaSession implements BackendSession {
  final LlamaBackendModel model;
  final int seq;
  final float[] logits;
  int length;
  volatile boolean interrupted;
  boolean closed;

  LlamaSession(LlamaBackendModel model, int seq) {
    this.model = model;
    this.seq = seq;
    this.logits = new float[model.vocabularySize()];
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public boolean append(int[] tokens) {
    return model.appendAll(new BackendSession[] {this}, new int[][] {tokens})[0];
  }

  @Override
  public void logits(float[] out) {
    System.arraycopy(logits, 0, out, 0, out.length);
  }

  @Override
  public int argmax(float[] scratch) {
    float[] l = logits; // no copy: read the row in place
    int best = 0;
    for (int i = 1; i < l.length; i++) {
      if (l[i] > l[best]) {
        best = i;
      }
    }
    return best;
  }

  @Override
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException("cannot truncate " + length + " tokens to " + newLength);
    }
    model.truncate(this, newLength);
  }

  @Override
  public void interrupt() {
    interrupted = true;
    model.interrupted(this);
  }

  @Override
  public void clearInterrupt() {
    interrupted = false;
  }

  @Override
  public void close() {
    model.release(this);
  }
}
