package io.slm4j.bench;

import static io.slm4j.llama.global.llama.*;
import static io.slm4j.ortgenai.OrtGenAi.check;
import static io.slm4j.ortgenai.global.ortgenai.*;

import io.slm4j.GenerationConfig;
import io.slm4j.Slm;
import io.slm4j.SlmModel;
import io.slm4j.fixtures.Fixtures;
import io.slm4j.llama.LlamaDecoding;
import io.slm4j.llama.LlamaModels;
import io.slm4j.llama.LlamaNatives;
import io.slm4j.llama.llama_context;
import io.slm4j.llama.llama_context_params;
import io.slm4j.llama.llama_model;
import io.slm4j.llama.llama_sampler;
import io.slm4j.ortgenai.OgaGenerator;
import io.slm4j.ortgenai.OgaGeneratorParams;
import io.slm4j.ortgenai.OgaModel;
import io.slm4j.ortgenai.OrtGenAi;
import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Decode tokens/s of the slm4j API against the preset called directly, same model, same prompt,
 * greedy, alternating rounds. Not a test: run with
 * {@code mvn -o -q -pl java-api/contract-tests test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.slm4j.bench.FacadeOverhead -Dexec.args="tiny 64 5"}.
 */
public final class FacadeOverhead {
  /** A prompt after which neither fixture ends its greedy continuation early (SmolLM2 ends "The capital of France is" after 29 tokens). */
  static final String PROMPT = "def fibonacci(n):\n    if n < 2:\n        return n\n";

  private FacadeOverhead() {}

  public static void main(String[] args) {
    String size = args.length > 0 ? args[0] : "tiny";
    int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int[] prompt;
    java.util.List<String> only = args.length > 3 ? Arrays.asList(args[3].split(",")) : java.util.List.of("llama-cpp", "onnxruntime-genai", "openvino");
    GenerationConfig cfg = GenerationConfig.builder().greedy().maxTokens(tokens).build();
    if (only.contains("llama-cpp")) {
      try (SlmModel facade = Slm.load(Fixtures.get(size + "-gguf-f32")).backend("llama-cpp").threads(2).contextSize(512).open() /* the preset loop below uses 2 threads too */) {
        prompt = facade.tokenizer().encode(PROMPT);
        LlamaNatives.init();
        llama_model model = LlamaModels.load(Fixtures.get(size + "-gguf-f32"), llama_model_default_params());
        for (int r = 0; r < rounds; r++) {
          double f = facadeRun(facade, prompt, cfg);
          double p = llamaRun(model, prompt, tokens);
          System.out.printf(Locale.ROOT, "llama-cpp %s round %d: facade %.1f tok/s, preset %.1f tok/s, ratio %.3f%n",
              size, r, f, p, f / p);
        }
        llama_model_free(model);
      }
    }
    if (only.contains("openvino")) {
      openvino(size, tokens, rounds, cfg);
    }
    if (only.contains("onnxruntime-genai")) {
      // -Dslm4j.bench.presetFirst=true loads the preset's model before the facade's (memory placement check).
      boolean presetFirst = Boolean.getBoolean("slm4j.bench.presetFirst");
      OrtGenAi.load();
      OgaModel model = new OgaModel();
      if (presetFirst) {
        model = genaiModel(size);
      }
      try (SlmModel facade = Slm.load(Fixtures.get(size + "-genai")).backend("onnxruntime-genai").contextSize(512).open()) {
        prompt = facade.tokenizer().encode(PROMPT);
        if (!presetFirst) {
          model = genaiModel(size);
        }
        for (int r = 0; r < rounds; r++) {
          double f = facadeRun(facade, prompt, cfg);
          double p = genaiRun(model, prompt, tokens);
          System.out.printf(Locale.ROOT, "onnxruntime-genai %s round %d: facade %.1f tok/s, preset %.1f tok/s, ratio %.3f%n",
              size, r, f, p, f / p);
          if (System.getProperty("slm4j.bench.appendLoop") != null) {
            System.out.printf(Locale.ROOT, "  append+GetLogits loop: %.1f tok/s%n", genaiAppendRun(model, prompt, tokens));
          }
        }
      }
      OgaDestroyModel(model);
    }
  }

  private static OgaModel genaiModel(String size) {
    OgaModel model = new OgaModel();
    try (BytePointer path = OrtGenAi.utf8(Fixtures.get(size + "-genai").toString())) {
      check("OgaCreateModel", OgaCreateModel(path, model));
    }
    return model;
  }

  private static void openvino(String size, int tokens, int rounds, GenerationConfig cfg) {
    try (SlmModel facade = Slm.load(Fixtures.get(size + "-ov")).backend("openvino").contextSize(512).open();
        io.slm4j.backend.openvino.OpenVinoLlm llm = io.slm4j.backend.openvino.OpenVinoLlm.load(Fixtures.get(size + "-ov"),
            io.slm4j.backend.openvino.LoadOptions.builder().device("CPU").property("INFERENCE_PRECISION_HINT", "f32").build())) {
      int[] prompt = facade.tokenizer().encode(PROMPT);
      long[] ids = java.util.Arrays.stream(prompt).asLongStream().toArray();
      io.slm4j.backend.openvino.GenerationOptions greedy = io.slm4j.backend.openvino.GenerationOptions.greedy(tokens);
      for (int r = 0; r < rounds; r++) {
        double f = facadeRun(facade, prompt, cfg);
        double p = llm.generate(ids, greedy, null).decodeTokensPerSecond();
        double ps = llm.generate(ids, greedy, t -> true).decodeTokensPerSecond();
        System.out.printf(Locale.ROOT, "openvino %s round %d: facade %.1f tok/s, OpenVinoLlm %.1f tok/s (streaming %.1f), ratio %.3f (%.3f)%n",
            size, r, f, p, ps, f / p, f / ps);
      }
    }
  }

  static double facadeRun(SlmModel m, int[] prompt, GenerationConfig cfg) {
    m.generateIds(prompt, cfg);
    return m.lastStats().decodeTokensPerSecond();
  }

  /** Same definition as GenerationStats: tokens after the first, over the time after the first. */
  static double llamaRun(llama_model model, int[] prompt, int n) {
    llama_context_params p = llama_context_default_params();
    p.n_ctx(512).n_batch(512).n_ubatch(512).n_threads(2).n_threads_batch(2).no_perf(true);
    p.flash_attn_type(LLAMA_FLASH_ATTN_TYPE_DISABLED).type_k(GGML_TYPE_F32).type_v(GGML_TYPE_F32);
    llama_context ctx = llama_init_from_model(model, p);
    llama_sampler greedy = llama_sampler_init_greedy();
    try {
      LlamaDecoding.decode(ctx, prompt);
      int t = llama_sampler_sample(greedy, ctx, -1);
      long start = System.nanoTime();
      for (int i = 1; i < n; i++) {
        LlamaDecoding.decode(ctx, t);
        t = llama_sampler_sample(greedy, ctx, -1);
      }
      return (n - 1) * 1e9 / (System.nanoTime() - start);
    } finally {
      llama_sampler_free(greedy);
      llama_free(ctx);
    }
  }

  static double genaiRun(OgaModel model, int[] prompt, int n) {
    OgaGeneratorParams params = new OgaGeneratorParams();
    check("p", OgaCreateGeneratorParams(model, params));
    check("s", OgaGeneratorParamsSetSearchNumber(params, "max_length", 512));
    check("s", OgaGeneratorParamsSetSearchBool(params, "do_sample", false));
    OgaGenerator gen = new OgaGenerator();
    check("g", OgaCreateGenerator(model, params, gen));
    OgaDestroyGeneratorParams(params);
    try {
      check("a", OgaGenerator_AppendTokens(gen, prompt, prompt.length));
      next(gen);
      long start = System.nanoTime();
      for (int i = 1; i < n; i++) {
        next(gen);
      }
      return (n - 1) * 1e9 / (System.nanoTime() - start);
    } finally {
      OgaDestroyGenerator(gen);
    }
  }

  static double genaiAppendRun(OgaModel model, int[] prompt, int n) {
    OgaGeneratorParams params = new OgaGeneratorParams();
    check("p", OgaCreateGeneratorParams(model, params));
    check("s", OgaGeneratorParamsSetSearchNumber(params, "max_length", 512));
    OgaGenerator gen = new OgaGenerator();
    check("g", OgaCreateGenerator(model, params, gen));
    OgaDestroyGeneratorParams(params);
    float[] logits = new float[151936];
    io.slm4j.ortgenai.OgaTokenizer tok = new io.slm4j.ortgenai.OgaTokenizer();
    check("t", OgaCreateTokenizer(model, tok));
    io.slm4j.ortgenai.OgaTokenizerStream stream = new io.slm4j.ortgenai.OgaTokenizerStream();
    check("s", OgaCreateTokenizerStream(tok, stream));
    BytePointer piece = new BytePointer();
    long inDecode = 0;
    try {
      check("a", OgaGenerator_AppendTokens(gen, prompt, prompt.length));
      long start = System.nanoTime();
      long inAppend = 0;
      long inLogits = 0;
      for (int i = 1; i < n; i++) {
        long t0 = System.nanoTime();
        io.slm4j.ortgenai.OgaTensor tensor = new io.slm4j.ortgenai.OgaTensor();
        check("l", OgaGenerator_GetLogits(gen, tensor));
        org.bytedeco.javacpp.Pointer data = new org.bytedeco.javacpp.Pointer();
        check("d", OgaTensorGetData(tensor, data));
        new org.bytedeco.javacpp.FloatPointer(data).get(logits);
        OgaDestroyTensor(tensor);
        int best = 0;
        for (int k = 1; k < logits.length; k++) if (logits[k] > logits[best]) best = k;
        long t1 = System.nanoTime();
        check("a", OgaGenerator_AppendTokens(gen, new int[] {best}, 1));
        long t2 = System.nanoTime();
        check("d", OgaTokenizerStreamDecode(stream, best, piece));
        inDecode += System.nanoTime() - t2;
        inLogits += t1 - t0;
        inAppend += t2 - t1;
      }
      System.out.printf(Locale.ROOT, "  logits+argmax %.2f ms/token, append %.2f ms/token, stream decode %.2f ms/token%n",
          inLogits / 1e6 / (n - 1), inAppend / 1e6 / (n - 1), inDecode / 1e6 / (n - 1));
      return (n - 1) * 1e9 / (System.nanoTime() - start);
    } finally {
      OgaDestroyGenerator(gen);
      OgaDestroyTokenizerStream(stream);
      OgaDestroyTokenizer(tok);
    }
  }

  private static int next(OgaGenerator gen) {
    check("n", OgaGenerator_GenerateNextToken(gen));
    IntPointer out = new IntPointer();
    try (SizeTPointer count = new SizeTPointer(1)) {
      check("t", OgaGenerator_GetNextTokens(gen, out, count));
      return out.get(0);
    }
  }
}
