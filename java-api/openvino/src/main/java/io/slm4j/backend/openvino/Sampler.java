package io.slm4j.backend.openvino;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from the last position's logits: argmax, or temperature / top-k / top-p
 * sampling from a seeded generator (same seed, same logits: same token). One per generation; not
 * thread-safe. Greedy decoding normally goes through the native argmax in {@link KvSession}.
 */
final class Sampler {
  private final GenerationOptions options;
  private final SplittableRandom random;
  private float[] logits = new float[0];
  private float[] scratch = new float[0];
  private int[] candidates = new int[0];
  private long[] keys = new long[0];
  private double[] probs = new double[0];

  Sampler(GenerationOptions options) {
    this.options = options;
    this.random = new SplittableRandom(options.seed());
  }

  int next(FloatBuffer buffer) {
    int n = buffer.remaining();
    if (logits.length < n) {
      logits = new float[n];
      scratch = new float[n];
      candidates = new int[n];
      keys = new long[n];
      probs = new double[n];
    }
    buffer.duplicate().get(logits, 0, n);
    if (options.isGreedy()) {
      int best = 0;
      for (int i = 1; i < n; i++) {
        if (logits[i] > logits[best]) {
          best = i;
        }
      }
      return best;
    }
    int m = selectCandidates(n);
    if (options.topP() < 1) {
      sortByLogitDescending(m);
    }
    double inv = 1.0 / options.temperature();
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < m; j++) {
      max = Math.max(max, logits[candidates[j]]);
    }
    double sum = 0;
    for (int j = 0; j < m; j++) {
      probs[j] = Math.exp((logits[candidates[j]] - max) * inv);
      sum += probs[j];
    }
    int keep = m;
    if (options.topP() < 1) {
      double acc = 0;
      for (int j = 0; j < m; j++) {
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
        return candidates[j];
      }
    }
    return candidates[keep - 1];
  }

  /** Fills candidates with the top-k token ids (all ids without top-k), in id order. */
  private int selectCandidates(int n) {
    int k = options.topK();
    if (k <= 0 || k >= n) {
      for (int i = 0; i < n; i++) {
        candidates[i] = i;
      }
      return n;
    }
    System.arraycopy(logits, 0, scratch, 0, n);
    float threshold = kthLargest(scratch, n, k);
    int m = 0;
    for (int i = 0; i < n && m < k; i++) {
      if (logits[i] > threshold) {
        candidates[m++] = i;
      }
    }
    for (int i = 0; i < n && m < k; i++) {
      if (logits[i] == threshold) {
        candidates[m++] = i;
      }
    }
    return m;
  }

  /** Quickselect (deterministic middle pivot) on a scratch copy. */
  private static float kthLargest(float[] a, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    int target = k - 1;
    while (lo < hi) {
      float pivot = a[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] > pivot) {
          i++;
        }
        while (a[j] < pivot) {
          j--;
        }
        if (i <= j) {
          float t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return a[target];
      }
    }
    return a[target];
  }

  /** Sorts the first m candidates by descending logit, ties by id, with one primitive sort. */
  private void sortByLogitDescending(int m) {
    for (int j = 0; j < m; j++) {
      int bits = Float.floatToIntBits(logits[candidates[j]]);
      // Order-preserving map of the float to an unsigned int, inverted for descending order.
      int ordered = bits >= 0 ? bits ^ 0x80000000 : ~bits;
      // 32-bit rank above a 31-bit id: the key stays non-negative, so signed sorting is right.
      keys[j] = ((long) ~ordered & 0xFFFFFFFFL) << 31 | candidates[j];
    }
    Arrays.sort(keys, 0, m);
    for (int j = 0; j < m; j++) {
      candidates[j] = (int) (keys[j] & 0x7FFFFFFFL);
    }
  }
}
