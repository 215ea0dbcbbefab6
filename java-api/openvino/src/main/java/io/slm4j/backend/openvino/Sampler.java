package io.slm4j.backend.openvino;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from the last position's logits: argmax, or temperature / top-k / top-p
 * sampling from a seeded generator. One per generation; not thread-safe.
 */
final class Sampler {
  private final GenerationOptions options;
  private final SplittableRandom random;
  private int[] order = new int[0];
  private double[] probs = new double[0];

  Sampler(GenerationOptions options) {
    this.options = options;
    this.random = new SplittableRandom(options.seed());
  }

  int next(FloatBuffer logits) {
    int n = logits.remaining();
    int base = logits.position();
    if (options.isGreedy()) {
      int best = 0;
      float bestValue = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        float v = logits.get(base + i);
        if (v > bestValue) {
          bestValue = v;
          best = i;
        }
      }
      return best;
    }
    return sample(logits, base, n);
  }

  private int sample(FloatBuffer logits, int base, int n) {
    if (probs.length < n) {
      probs = new double[n];
      order = new int[n];
    }
    double inv = 1.0 / options.temperature();
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, logits.get(base + i) * inv);
    }
    // Candidates: all tokens, or the top-k by logit; kept sorted by descending probability.
    int k = options.topK() > 0 ? Math.min(options.topK(), n) : n;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Float.compare(logits.get(base + b), logits.get(base + a)));
    double sum = 0;
    for (int j = 0; j < k; j++) {
      order[j] = idx[j];
      probs[j] = Math.exp(logits.get(base + order[j]) * inv - max);
      sum += probs[j];
    }
    int keep = k;
    if (options.topP() < 1) {
      double acc = 0;
      for (int j = 0; j < k; j++) {
        acc += probs[j] / sum;
        if (acc >= options.topP()) {
          keep = j + 1;
          break;
        }
      }
      sum = 0;
      for (int j = 0; j < keep; j++) {
        sum += probs[j];
      }
    }
    double r = random.nextDouble() * sum;
    for (int j = 0; j < keep; j++) {
      r -= probs[j];
      if (r <= 0) {
        return order[j];
      }
    }
    return order[keep - 1];
  }
}
