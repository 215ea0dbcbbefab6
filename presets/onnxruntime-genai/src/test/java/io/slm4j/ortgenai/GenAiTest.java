package io.slm4j.ortgenai;

import static io.slm4j.ortgenai.OrtGenAi.check;
import static io.slm4j.ortgenai.OrtGenAi.utf8;
import static io.slm4j.ortgenai.global.ortgenai.*;
import static org.junit.jupiter.api.Assertions.*;

import io.slm4j.fixtures.Fixtures;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The preset against the real natives on the shared tiny GenAI fixture (random qwen2, real vocabulary). */
class GenAiTest {
  static final String[] TEXTS = {
    "Hello, world!", "日本語のテキスト", "emoji 😀🎉 mixed", "Grüße, naïve café", "Привет, мир", "   spaces\tand\nnewlines",
    "数字 12345 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"
  };

  static Path folder;
  static OgaModel model;
  static OgaTokenizer tokenizer;

  @BeforeAll
  static void open() {
    folder = Fixtures.get("tiny-genai");
    model = Oga.model(folder);
    tokenizer = Oga.tokenizer(model);
  }

  @AfterAll
  static void close() {
    if (tokenizer != null) OgaDestroyTokenizer(tokenizer);
    if (model != null) OgaDestroyModel(model);
  }

  @Test
  void multiByteUtf8RoundTripsThroughTokenizer() {
    for (String text : TEXTS) {
      int[] ids = Oga.encode(tokenizer, text);
      assertTrue(ids.length > 0, text);
      assertEquals(text, Oga.decode(tokenizer, ids), "round trip of " + Arrays.toString(ids));
    }
    // A 4-byte character must not come out as one token per char: byte-level BPE splits it.
    assertTrue(Oga.encode(tokenizer, "😀").length >= 1);
  }

  @Test
  void stringOverloadsUseUtf8WhateverTheDefaultCharset() {
    // surefire runs this JVM with file.encoding=US-ASCII: the generated String overloads still send UTF-8.
    OgaSequences seqs = new OgaSequences();
    check("OgaCreateSequences", OgaCreateSequences(seqs));
    try {
      check("OgaTokenizerEncode", OgaTokenizerEncode(tokenizer, "日本語 😀", seqs));
      int[] ids = new int[(int) OgaSequencesGetSequenceCount(seqs, 0)];
      OgaSequencesGetSequenceData(seqs, 0).get(ids);
      assertArrayEquals(Oga.encode(tokenizer, "日本語 😀"), ids);
      assertEquals("日本語 😀", Oga.decode(tokenizer, ids));
    } finally {
      OgaDestroySequences(seqs);
    }
  }

  @Test
  void streamingDecodeNeverBreaksAUtf8Sequence() throws Exception {
    for (String text : TEXTS) {
      int[] ids = Oga.encode(tokenizer, text);
      OgaTokenizerStream stream = new OgaTokenizerStream();
      check("OgaCreateTokenizerStream", OgaCreateTokenizerStream(tokenizer, stream));
      StringBuilder joined = new StringBuilder();
      try {
        for (int id : ids) {
          BytePointer chunk = new BytePointer();
          check("OgaTokenizerStreamDecode", OgaTokenizerStreamDecode(stream, id, chunk));
          byte[] bytes = chunk.isNull() ? new byte[0] : chunk.getStringBytes();
          // Strict decoding throws on any truncated or invalid sequence in a chunk.
          joined.append(StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes)));
        }
      } finally {
        OgaDestroyTokenizerStream(stream);
      }
      assertEquals(text, joined.toString());
    }
  }

  @Test
  void streamingDecodeOfGeneratedTokensYieldsWholeCharacters() throws Exception {
    // Prompted with multi-byte text, the random model emits arbitrary ids, byte-level tokens included:
    // every chunk the stream hands out must still be complete UTF-8 and add up to the full decode.
    int[] prompt = Oga.encode(tokenizer, "日本語 😀 Ünïcödé");
    int[] generated = Oga.greedy(model, prompt, 48);
    OgaTokenizerStream stream = new OgaTokenizerStream();
    check("OgaCreateTokenizerStream", OgaCreateTokenizerStream(tokenizer, stream));
    StringBuilder joined = new StringBuilder();
    try {
      for (int id : generated) {
        BytePointer chunk = new BytePointer();
        check("OgaTokenizerStreamDecode", OgaTokenizerStreamDecode(stream, id, chunk));
        byte[] bytes = chunk.isNull() ? new byte[0] : chunk.getStringBytes();
        joined.append(StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)));
      }
    } finally {
      OgaDestroyTokenizerStream(stream);
    }
    assertEquals(Oga.decode(tokenizer, generated), joined.toString());
  }

  @Test
  void chatTemplateIsApplied() {
    String messages = "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"こんにちは 😀\"}]";
    BytePointer out = new BytePointer();
    try (BytePointer m = utf8(messages)) {
      check("OgaTokenizerApplyChatTemplate", OgaTokenizerApplyChatTemplate(tokenizer, (BytePointer) null, m, (BytePointer) null, true, out));
    }
    String prompt = OrtGenAi.ownedString(out);
    assertTrue(prompt.contains("こんにちは 😀"), prompt);
    assertTrue(prompt.contains("Be brief."), prompt);
    assertTrue(prompt.indexOf("Be brief.") < prompt.indexOf("こんにちは"), prompt);
    assertTrue(prompt.length() > messages.length() / 3, prompt);
  }

  @Test
  void greedyGenerationIsDeterministic() {
    int[] prompt = Oga.encode(tokenizer, "The quick brown fox");
    int[] first = Oga.greedy(model, prompt, 16);
    int[] second = Oga.greedy(model, prompt, 16);
    assertEquals(16, first.length, "stopped early: " + Arrays.toString(first));
    assertArrayEquals(first, second);
    assertTrue(Arrays.stream(first).distinct().count() > 1, "collapsed into one token: " + Arrays.toString(first));
  }

  @Test
  void logitsPredictTheNextGreedyTokenAndCanBeOverridden() {
    int[] prompt = Oga.encode(tokenizer, "Once upon a time");
    int[] expected = Oga.greedy(model, prompt, 4);
    OgaGenerator gen = Oga.greedyGenerator(model, prompt.length + 8);
    try {
      Oga.append(gen, prompt);
      for (int step = 0; step < 3; step++) {
        float[] logits = logits(gen);
        assertEquals(argmax(logits), expected[step], "argmax of logits at step " + step);
        assertEquals(expected[step], Oga.next(gen));
      }
      // Force a token through SetLogits: the generator must pick the boosted id.
      float[] logits = logits(gen);
      int forced = (expected[3] + 7) % logits.length;
      logits[forced] = 1e4f;
      try (FloatPointer data = new FloatPointer(logits); LongPointer shape = new LongPointer(1, logits.length)) {
        OgaTensor tensor = new OgaTensor();
        check("OgaCreateTensorFromBuffer", OgaCreateTensorFromBuffer(data, shape, 2, OgaElementType_float32, tensor));
        try {
          check("OgaGenerator_SetLogits", OgaGenerator_SetLogits(gen, tensor));
        } finally {
          OgaDestroyTensor(tensor);
        }
      }
      check("OgaGenerator_GenerateNextToken", OgaGenerator_GenerateNextToken(gen));
      int n = (int) OgaGenerator_GetSequenceCount(gen, 0);
      assertEquals(forced, OgaGenerator_GetSequenceData(gen, 0).get(n - 1));
    } finally {
      OgaDestroyGenerator(gen);
    }
  }

  @Test
  void rewindRegeneratesTheSameContinuation() {
    int[] prompt = Oga.encode(tokenizer, "In a hole in the ground");
    OgaGenerator gen = Oga.greedyGenerator(model, prompt.length + 16);
    try {
      Oga.append(gen, prompt);
      int[] first = new int[8];
      for (int i = 0; i < 8; i++) first[i] = Oga.next(gen);
      assertEquals(prompt.length + 8, OgaGenerator_GetSequenceCount(gen, 0));
      // Rewinding drops tokens and KV cache; the kept last token is fed again to recompute its logits.
      check("OgaGenerator_RewindTo", OgaGenerator_RewindTo(gen, prompt.length + 2));
      assertEquals(prompt.length + 2, OgaGenerator_GetSequenceCount(gen, 0));
      Oga.append(gen, new int[] {first[2]});
      assertEquals(prompt.length + 3, OgaGenerator_GetSequenceCount(gen, 0));
      for (int i = 3; i < 8; i++) {
        assertEquals(first[i], Oga.next(gen), "token " + i + " after rewind");
      }
      // Rewind to the prompt, then continue with different text: continuation, not a fresh start.
      check("OgaGenerator_RewindTo", OgaGenerator_RewindTo(gen, 0));
      assertEquals(0, OgaGenerator_GetSequenceCount(gen, 0));
      Oga.append(gen, prompt);
      assertEquals(first[0], Oga.next(gen));
    } finally {
      OgaDestroyGenerator(gen);
    }
  }

  @Test
  void logCallbackReceivesNativeLogLines() {
    List<String> lines = new ArrayList<>();
    OgaLogCallback callback = new OgaLogCallback() {
      @Override
      public void call(BytePointer text, long length) {
        synchronized (lines) {
          lines.add(text.limit(length).getString(StandardCharsets.UTF_8));
        }
      }
    };
    check("OgaSetLogCallback", OgaSetLogCallback(callback));
    try {
      check("OgaSetLogBool", OgaSetLogBool("enabled", true));
      check("OgaSetLogBool", OgaSetLogBool("generate_next_token", true));
      Oga.greedy(model, Oga.encode(tokenizer, "log me"), 2);
    } finally {
      check("OgaSetLogBool", OgaSetLogBool("generate_next_token", false));
      check("OgaSetLogBool", OgaSetLogBool("enabled", false));
      check("OgaSetLogCallback", OgaSetLogCallback((OgaLogCallback) null));
      callback.close();
    }
    synchronized (lines) {
      assertFalse(lines.isEmpty(), "no log line arrived");
    }
  }

  @Test
  void modelReportsTypeAndDevice() {
    BytePointer type = new BytePointer();
    check("OgaModelGetType", OgaModelGetType(model, type));
    assertFalse(OrtGenAi.ownedString(type).isEmpty());
    BytePointer device = new BytePointer();
    check("OgaModelGetDeviceType", OgaModelGetDeviceType(model, device));
    assertEquals("cpu", OrtGenAi.ownedString(device).toLowerCase());
  }

  static float[] logits(OgaGenerator gen) {
    OgaTensor tensor = new OgaTensor();
    check("OgaGenerator_GetLogits", OgaGenerator_GetLogits(gen, tensor));
    try {
      SizeTPointer rank = new SizeTPointer(1);
      check("OgaTensorGetShapeRank", OgaTensorGetShapeRank(tensor, rank));
      long[] shape = new long[(int) rank.get()];
      check("OgaTensorGetShape", OgaTensorGetShape(tensor, shape, shape.length));
      int[] type = new int[1];
      check("OgaTensorGetType", OgaTensorGetType(tensor, type));
      assertEquals(OgaElementType_float32, type[0]);
      long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      Pointer data = new Pointer();
      check("OgaTensorGetData", OgaTensorGetData(tensor, data));
      float[] values = new float[(int) count];
      new FloatPointer(data).get(values);
      return values;
    } finally {
      OgaDestroyTensor(tensor);
    }
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
    return best;
  }

  static byte[] bytes(Path p) throws Exception {
    return Files.readAllBytes(p);
  }
}
