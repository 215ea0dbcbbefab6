package io.slm4j.ortgenai.bench;

import static io.slm4j.ortgenai.OrtGenAi.check;
import static io.slm4j.ortgenai.global.ortgenai.*;

import io.slm4j.ortgenai.*;
import java.util.Arrays;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The generator loop through the JNI bindings, timed the same way as bench/decode_loop.py times it
 * through GenAI's Python API: per run, a fresh generator, the prompt appended (not timed), then N x
 * (GenerateNextToken + GetNextTokens) timed. Prints one JSON line. A benchmark, not a test.
 *
 * <p>Arguments: model folder, prompt token count, generated tokens per run, timed runs, warm-up runs.
 */
public final class DecodeLoopBench {
  public static void main(String[] args) {
    String folder = args[0];
    int promptLength = Integer.parseInt(args[1]);
    int tokens = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    int warmup = Integer.parseInt(args[4]);
    OrtGenAi.load();
    OgaModel model = new OgaModel();
    check("OgaCreateModel", OgaCreateModel(OrtGenAi.utf8(folder), model));
    int[] prompt = new int[promptLength];
    for (int i = 0; i < promptLength; i++) prompt[i] = 1000 + 37 * i;
    IntPointer next = new IntPointer();
    SizeTPointer count = new SizeTPointer(1);
    double[] perToken = new double[runs];
    int last = 0;
    for (int r = -warmup; r < runs; r++) {
      OgaGeneratorParams params = new OgaGeneratorParams();
      check("OgaCreateGeneratorParams", OgaCreateGeneratorParams(model, params));
      check("OgaGeneratorParamsSetSearchNumber", OgaGeneratorParamsSetSearchNumber(params, "max_length", promptLength + tokens));
      check("OgaGeneratorParamsSetSearchNumber", OgaGeneratorParamsSetSearchNumber(params, "min_length", promptLength + tokens));
      OgaGenerator gen = new OgaGenerator();
      check("OgaCreateGenerator", OgaCreateGenerator(model, params, gen));
      check("OgaGenerator_AppendTokens", OgaGenerator_AppendTokens(gen, prompt, prompt.length));
      long t0 = System.nanoTime();
      for (int i = 0; i < tokens; i++) {
        check("OgaGenerator_GenerateNextToken", OgaGenerator_GenerateNextToken(gen));
        check("OgaGenerator_GetNextTokens", OgaGenerator_GetNextTokens(gen, next, count));
        last = next.get(0);
      }
      long t1 = System.nanoTime();
      if (r >= 0) perToken[r] = (t1 - t0) / 1e3 / tokens;
      OgaDestroyGenerator(gen);
      OgaDestroyGeneratorParams(params);
    }
    // The cost of one JNI crossing by itself: a call that does almost nothing natively.
    OgaGeneratorParams params = new OgaGeneratorParams();
    check("OgaCreateGeneratorParams", OgaCreateGeneratorParams(model, params));
    OgaGenerator gen = new OgaGenerator();
    check("OgaCreateGenerator", OgaCreateGenerator(model, params, gen));
    int calls = 2_000_000;
    boolean sink = false;
    for (int i = 0; i < calls; i++) sink ^= OgaGenerator_IsDone(gen);
    long c0 = System.nanoTime();
    for (int i = 0; i < calls; i++) sink ^= OgaGenerator_IsDone(gen);
    double nsPerCall = (System.nanoTime() - c0) / (double) calls;
    OgaDestroyGenerator(gen);
    OgaDestroyGeneratorParams(params);
    OgaDestroyModel(model);
    Arrays.sort(perToken);
    System.out.printf("{\"api\":\"java-jni\",\"median_us_per_token\":%.2f,\"min_us_per_token\":%.2f,"
        + "\"trivial_call_ns\":%.1f,\"tokens\":%d,\"runs\":%d,\"last\":%d,\"sink\":%b}%n",
        perToken[runs / 2], perToken[0], nsPerCall, tokens, runs, last, sink);
  }
}
