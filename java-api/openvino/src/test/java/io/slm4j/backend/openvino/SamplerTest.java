package io.slm4j.backend.openvino;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** The sampler alone, on hand-made logits. */
class SamplerTest {
  static final float[] LOGITS = {0.5f, -1f, 3f, 2.9f, -7f, 0f, 3f, 1f};

  static int pick(GenerationOptions o) {
    return new Sampler(o).next(FloatBuffer.wrap(LOGITS));
  }

  @Test
  void greedyTakesTheFirstMaximum() {
    assertEquals(2, pick(GenerationOptions.greedy(1)));
  }

  @Test
  void topKAndTopPRestrictTheCandidates() {
    for (long seed = 0; seed < 200; seed++) {
      int k2 = pick(GenerationOptions.builder().temperature(5).topK(2).seed(seed).build());
      assertTrue(k2 == 2 || k2 == 6, "top-2 gave " + k2);
      int k3 = pick(GenerationOptions.builder().temperature(5).topK(3).seed(seed).build());
      assertTrue(k3 == 2 || k3 == 6 || k3 == 3, "top-3 gave " + k3);
      int p = pick(GenerationOptions.builder().temperature(1).topP(0.01).seed(seed).build());
      assertEquals(2, p, "top-p 0.01 keeps only the best (first of the tied maxima)");
    }
  }

  @Test
  void samplingFollowsTheSoftmaxAndIsSeeded() {
    int[] counts = new int[LOGITS.length];
    GenerationOptions.Builder b = GenerationOptions.builder().temperature(1);
    for (long seed = 0; seed < 4000; seed++) {
      counts[pick(b.seed(seed).build())]++;
    }
    double z = 0;
    for (float l : LOGITS) {
      z += Math.exp(l);
    }
    for (int i = 0; i < LOGITS.length; i++) {
      double expected = 4000 * Math.exp(LOGITS[i]) / z;
      assertEquals(expected, counts[i], 4 * Math.sqrt(expected) + 3, "token " + i);
    }
    assertEquals(pick(b.seed(99).build()), pick(b.seed(99).build()));
  }
}
