package io.slm4j.llama;

import static io.slm4j.llama.global.llama.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.junit.jupiter.api.Test;

/** Batch decode, logits, sampler chain, memory (KV) ops and state save/restore on the fixture. */
class DecodeTest {
  private static final int N = 24;

  private static int[] prompt() {
    return LlamaText.tokenize(llama_model_get_vocab(TinyModel.get()), "The capital of France is", true, false);
  }

  @Test
  void greedyDecodingIsDeterministicAndNotDegenerate() {
    int[] a = TinyModel.greedy(prompt(), N);
    int[] b = TinyModel.greedy(prompt(), N);
    assertArrayEquals(a, b);
    assertTrue(Arrays.stream(a).distinct().count() > 3, "output collapsed: " + Arrays.toString(a));
  }

  @Test
  void greedySamplerPicksTheArgmaxOfTheLogits() {
    llama_context ctx = TinyModel.newContext(128);
    llama_sampler greedy = llama_sampler_init_greedy();
    try {
      int[] p = prompt();
      assertEquals(0, LlamaDecoding.decode(ctx, p));
      int nVocab = llama_vocab_n_tokens(llama_model_get_vocab(TinyModel.get()));
      FloatPointer logits = llama_get_logits_ith(ctx, -1);
      float[] row = new float[nVocab];
      logits.get(row);
      int argmax = 0;
      for (int i = 1; i < nVocab; i++) {
        if (row[i] > row[argmax]) {
          argmax = i;
        }
      }
      assertTrue(Float.isFinite(row[argmax]));
      assertEquals(argmax, llama_sampler_sample(greedy, ctx, -1));
    } finally {
      llama_sampler_free(greedy);
      llama_free(ctx);
    }
  }

  @Test
  void seededSamplerChainIsReproducible() {
    int[] first = sampleWithSeed(1234);
    assertArrayEquals(first, sampleWithSeed(1234));
  }

  private static int[] sampleWithSeed(int seed) {
    llama_context ctx = TinyModel.newContext(128);
    llama_sampler chain = llama_sampler_chain_init(llama_sampler_chain_default_params());
    llama_sampler_chain_add(chain, llama_sampler_init_top_k(50));
    llama_sampler_chain_add(chain, llama_sampler_init_top_p(0.95f, 1));
    llama_sampler_chain_add(chain, llama_sampler_init_temp(1.5f));
    llama_sampler_chain_add(chain, llama_sampler_init_dist(seed));
    try {
      assertEquals(4, llama_sampler_chain_n(chain));
      int[] out = new int[12];
      int[] batch = prompt();
      for (int i = 0; i < out.length; i++) {
        assertEquals(0, LlamaDecoding.decode(ctx, batch));
        out[i] = llama_sampler_sample(chain, ctx, -1);
        batch = new int[] {out[i]};
      }
      return out;
    } finally {
      llama_sampler_free(chain);
      llama_free(ctx);
    }
  }

  @Test
  void removingTheTailOfTheKvCacheRewindsGeneration() {
    int[] p = prompt();
    int[] expected = TinyModel.greedy(p, 6);
    llama_context ctx = TinyModel.newContext(128);
    llama_sampler greedy = llama_sampler_init_greedy();
    try {
      // Decode prompt + 4 unrelated tokens, then drop those 4 from the KV cache.
      int[] detour = {100, 200, 300, 400};
      assertEquals(0, LlamaDecoding.decode(ctx, p));
      assertEquals(0, LlamaDecoding.decode(ctx, detour));
      llama_memory_i mem = llama_get_memory(ctx);
      assertEquals(p.length + detour.length - 1, llama_memory_seq_pos_max(mem, 0));
      assertTrue(llama_memory_seq_rm(mem, 0, p.length - 1, -1));
      // Re-decode the last prompt token at its original position; generation resumes as if the
      // detour never happened.
      int[] last = {p[p.length - 1]};
      assertEquals(0, LlamaDecoding.decode(ctx, last));
      int[] got = new int[expected.length];
      for (int i = 0; i < got.length; i++) {
        got[i] = llama_sampler_sample(greedy, ctx, -1);
        int[] next = {got[i]};
        assertEquals(0, LlamaDecoding.decode(ctx, next));
      }
      assertArrayEquals(expected, got);
    } finally {
      llama_sampler_free(greedy);
      llama_free(ctx);
    }
  }

  @Test
  void savedStateRestoresTheContinuation() {
    llama_context ctx = TinyModel.newContext(128);
    llama_sampler greedy = llama_sampler_init_greedy();
    try {
      // The state holds the KV cache, not the last logits: save it before the last prompt token
      // and decode that token again after each restore.
      int[] p = prompt();
      int[] head = java.util.Arrays.copyOf(p, p.length - 1);
      int last = p[p.length - 1];
      assertEquals(0, LlamaDecoding.decode(ctx, head));
      long size = llama_state_get_size(ctx);
      assertTrue(size > 0);
      byte[] state = new byte[(int) size];
      assertEquals(size, llama_state_get_data(ctx, state, size));
      assertEquals(0, LlamaDecoding.decode(ctx, last));
      int[] first = continueGreedy(ctx, greedy, 5);
      assertArrayEquals(TinyModel.greedy(p, 5), first);
      assertEquals(size, llama_state_set_data(ctx, state, size));
      assertEquals(0, LlamaDecoding.decode(ctx, last));
      assertArrayEquals(first, continueGreedy(ctx, greedy, 5));
    } finally {
      llama_sampler_free(greedy);
      llama_free(ctx);
    }
  }

  private static int[] continueGreedy(llama_context ctx, llama_sampler s, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = llama_sampler_sample(s, ctx, -1);
      int[] next = {out[i]};
      assertEquals(0, LlamaDecoding.decode(ctx, next));
    }
    return out;
  }

  @Test
  void multiSequenceBatchDecodesBothSequences() {
    llama_context_params cp = llama_context_default_params();
    cp.n_ctx(128).n_batch(64).n_seq_max(2);
    llama_context ctx = llama_init_from_model(TinyModel.get(), cp);
    llama_batch batch = llama_batch_init(16, 0, 2);
    try {
      int[] p = prompt();
      int n = p.length;
      IntPointer tokens = batch.token();
      for (int s = 0; s < 2; s++) {
        for (int i = 0; i < n; i++) {
          int k = s * n + i;
          tokens.put(k, p[i]);
          batch.pos().put(k, i);
          batch.n_seq_id().put(k, 1);
          new IntPointer(batch.seq_id().get(k)).put(0L, s);
          batch.logits().put(k, (byte) (i == n - 1 ? 1 : 0));
        }
      }
      batch.n_tokens(2 * n);
      assertEquals(0, llama_decode(ctx, batch));
      int nVocab = llama_vocab_n_tokens(llama_model_get_vocab(TinyModel.get()));
      float[] a = new float[nVocab];
      float[] b = new float[nVocab];
      llama_get_logits_ith(ctx, n - 1).get(a);
      llama_get_logits_ith(ctx, 2 * n - 1).get(b);
      for (int i = 0; i < nVocab; i++) {
        assertEquals(a[i], b[i], 1e-3f, "same prompt in two sequences, logit " + i);
      }
    } finally {
      llama_batch_free(batch);
      llama_free(ctx);
    }
  }
}
