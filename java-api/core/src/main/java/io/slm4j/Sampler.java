package io.slm4j;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits, in Java, so that every backend samples the same way. One per
 * generation; not thread-safe.
 */
final class Sampler {
  private final GenerationConfig cfg;
  private final SplittableRandom random;
  private int[] candidates = new int[0];
  private float[] weights = new float[0];

  Sampler(GenerationConfig cfg) {
    this.cfg = cfg;
    this.random = new SplittableRandom(cfg.seed().orElseGet(() -> new SplittableRandom().nextLong()));
  }

  /**
   * @param logits the logits, modified in place by the repetition penalty
   * @param history evaluated and generated tokens, most recent last
   * @param historyLength how many entries of {@code history} are valid
   */
  int sample(float[] logits, int[] history, int historyLength) {
    if (cfg.repetitionPenalty() != 1.0) {
      penalize(logits, history, historyLength);
    }
    if (cfg.greedy()) {
      return argmax(logits);
    }
    int n = topK(logits, cfg.topK() == 0 ? logits.length : Math.min(cfg.topK(), logits.length));
    // candidates[0..n) are sorted by logit, highest first.
    double inv = 1.0 / cfg.temperature();
    float max = logits[candidates[0]];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double w = Math.exp((logits[candidates[i]] - max) * inv);
      weights[i] = (float) w;
      sum += w;
    }
    int keep = n;
    if (cfg.topP() < 1.0) {
      double cum = 0;
      for (int i = 0; i < n; i++) {
        cum += weights[i] / sum;
        if (cum >= cfg.topP()) {
          keep = i + 1;
          break;
        }
      }
    }
    if (cfg.minP() > 0) {
      double floor = cfg.minP() * weights[0];
      int k = 1;
      while (k < keep && weights[k] >= floor) {
        k++;
      }
      keep = k;
    }
    double total = 0;
    for (int i = 0; i < keep; i++) {
      total += weights[i];
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < keep; i++) {
      u -= weights[i];
      if (u < 0) {
        return candidates[i];
      }
    }
    return candidates[keep - 1];
  }

  /** The first index of the largest logit: the tie rule of llama.cpp's and GenAI's greedy search. */
  static int argmax(float[] logits) {
    int best = 0;
    float bestValue = logits[0];
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > bestValue) {
        bestValue = logits[i];
        best = i;
      }
    }
    return best;
  }

  private void penalize(float[] logits, int[] history, int historyLength) {
    float penalty = (float) cfg.repetitionPenalty();
    int from = Math.max(0, historyLength - cfg.repetitionWindow());
    int[] seen = Arrays.copyOfRange(history, from, historyLength);
    Arrays.sort(seen);
    for (int i = 0; i < seen.length; i++) {
      if (i > 0 && seen[i] == seen[i - 1]) {
        continue; // each token penalized once, however often it occurred
      }
      int t = seen[i];
      if (t >= 0 && t < logits.length) {
        logits[t] = logits[t] > 0 ? logits[t] / penalty : logits[t] * penalty;
      }
    }
  }

  /** Fills candidates[0..k) with the k highest logits' ids, sorted highest first; returns k. */
  private int topK(float[] logits, int k) {
    if (k > 512) {
      return sortAll(logits, k);
    }
    if (candidates.length < k) {
      candidates = new int[k];
      weights = new float[k];
    }
    // A min-heap of size k keeps the k best seen so far; most ids fail the first comparison.
    int size = 0;
    for (int id = 0; id < logits.length; id++) {
      float v = logits[id];
      if (size < k) {
        candidates[size] = id;
        siftUp(logits, size++);
      } else if (v > logits[candidates[0]] || (v == logits[candidates[0]] && id < candidates[0])) {
        candidates[0] = id;
        siftDown(logits, 0, size);
      }
    }
    // Heap-sort in place: repeatedly move the minimum to the end, giving descending order.
    for (int end = size - 1; end > 0; end--) {
      int tmp = candidates[0];
      candidates[0] = candidates[end];
      candidates[end] = tmp;
      siftDown(logits, 0, end);
    }
    return size;
  }

  /**
   * Large k (or none): one primitive sort of (logit, id) keys instead of a heap of that size. Keys
   * order by logit, then by lower id, the same order the heap gives.
   */
  private int sortAll(float[] logits, int k) {
    long[] keys = new long[logits.length];
    for (int id = 0; id < logits.length; id++) {
      int bits = Float.floatToIntBits(logits[id]);
      int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // signed-int order equals float order
      keys[id] = ((long) sortable << 32) | (0xffffffffL & ~id);
    }
    java.util.Arrays.sort(keys);
    if (candidates.length < k) {
      candidates = new int[k];
      weights = new float[k];
    }
    for (int i = 0; i < k; i++) {
      candidates[i] = ~(int) keys[keys.length - 1 - i];
    }
    return k;
  }

  /** Heap order: lower logit first; on equal logits the higher id counts as lower (dropped first). */
  private static boolean less(float[] logits, int a, int b) {
    return logits[a] < logits[b] || (logits[a] == logits[b] && a > b);
  }

  private void siftUp(float[] logits, int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!less(logits, candidates[i], candidates[parent])) {
        return;
      }
      int tmp = candidates[i];
      candidates[i] = candidates[parent];
      candidates[parent] = tmp;
      i = parent;
    }
  }

  private void siftDown(float[] logits, int i, int size) {
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int min = i;
      if (l < size && less(logits, candidates[l], candidates[min])) {
        min = l;
      }
      if (r < size && less(logits, candidates[r], candidates[min])) {
        min = r;
      }
      if (min == i) {
        return;
      }
      int tmp = candidates[i];
      candidates[i] = candidates[min];
      candidates[min] = tmp;
      i = min;
    }
  }
}
