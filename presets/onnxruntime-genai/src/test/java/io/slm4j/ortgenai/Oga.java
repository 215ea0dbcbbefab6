package io.slm4j.ortgenai;

import static io.slm4j.ortgenai.OrtGenAi.check;
import static io.slm4j.ortgenai.OrtGenAi.utf8;
import static io.slm4j.ortgenai.global.ortgenai.*;

import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.SizeTPointer;

/** Thin test-side conveniences over the generated bindings; every OgaResult goes through check(). */
final class Oga {
  private Oga() {}

  static OgaModel model(Path folder) {
    OrtGenAi.load();
    OgaModel model = new OgaModel();
    try (BytePointer path = utf8(folder.toString())) {
      check("OgaCreateModel", OgaCreateModel(path, model));
    }
    return model;
  }

  static OgaTokenizer tokenizer(OgaModel model) {
    OgaTokenizer tokenizer = new OgaTokenizer();
    check("OgaCreateTokenizer", OgaCreateTokenizer(model, tokenizer));
    return tokenizer;
  }

  static int[] encode(OgaTokenizer tokenizer, String text) {
    OgaSequences seqs = new OgaSequences();
    check("OgaCreateSequences", OgaCreateSequences(seqs));
    try (BytePointer t = utf8(text)) {
      check("OgaTokenizerEncode", OgaTokenizerEncode(tokenizer, t, seqs));
      int n = (int) OgaSequencesGetSequenceCount(seqs, 0);
      int[] ids = new int[n];
      OgaSequencesGetSequenceData(seqs, 0).get(ids);
      return ids;
    } finally {
      OgaDestroySequences(seqs);
    }
  }

  static String decode(OgaTokenizer tokenizer, int[] ids) {
    BytePointer out = new BytePointer();
    try (IntPointer p = new IntPointer(ids)) {
      check("OgaTokenizerDecode", OgaTokenizerDecode(tokenizer, p, ids.length, out));
    }
    return OrtGenAi.ownedString(out);
  }

  static OgaGenerator greedyGenerator(OgaModel model, int maxLength) {
    OgaGeneratorParams params = new OgaGeneratorParams();
    check("OgaCreateGeneratorParams", OgaCreateGeneratorParams(model, params));
    try {
      check("OgaGeneratorParamsSetSearchNumber", OgaGeneratorParamsSetSearchNumber(params, "max_length", maxLength));
      check("OgaGeneratorParamsSetSearchBool", OgaGeneratorParamsSetSearchBool(params, "do_sample", false));
      OgaGenerator generator = new OgaGenerator();
      check("OgaCreateGenerator", OgaCreateGenerator(model, params, generator));
      return generator;
    } finally {
      OgaDestroyGeneratorParams(params);
    }
  }

  static void append(OgaGenerator generator, int[] ids) {
    check("OgaGenerator_AppendTokens", OgaGenerator_AppendTokens(generator, ids, ids.length));
  }

  static int next(OgaGenerator generator) {
    check("OgaGenerator_GenerateNextToken", OgaGenerator_GenerateNextToken(generator));
    IntPointer out = new IntPointer();
    try (SizeTPointer count = new SizeTPointer(1)) {
      check("OgaGenerator_GetNextTokens", OgaGenerator_GetNextTokens(generator, out, count));
      if (count.get() != 1) {
        throw new AssertionError("expected one next token, got " + count.get());
      }
      return out.get(0);
    }
  }

  /** Prompt ids, then n greedily generated ids. */
  static int[] greedy(OgaModel model, int[] prompt, int n) {
    OgaGenerator generator = greedyGenerator(model, prompt.length + n + 4);
    try {
      append(generator, prompt);
      int[] out = new int[n];
      int i = 0;
      while (i < n && !OgaGenerator_IsDone(generator)) {
        out[i++] = next(generator);
      }
      return java.util.Arrays.copyOf(out, i);
    } finally {
      OgaDestroyGenerator(generator);
    }
  }
}
