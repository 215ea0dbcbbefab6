package io.slm4j.backend.openvino;

import static org.junit.jupiter.api.Assertions.*;

import io.slm4j.fixtures.Fixtures;
import io.slm4j.openvino.OpenVinoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline on the fixtures' tiny stateful IR (random qwen2 weights, real qwen2 vocabulary). */
class OpenVinoLlmTest {
  static Path folder;
  static OpenVinoLlm llm;

  /**
   * F32 inference: the CPU plugin would pick bf16 on CPUs that have it (OpenVINO GenAI's default
   * too), and the reference comparisons need the F32 network.
   */
  static LoadOptions.Builder f32() {
    return LoadOptions.builder().property("INFERENCE_PRECISION_HINT", "f32");
  }

  @BeforeAll
  static void load() {
    folder = Fixtures.get("tiny-ov");
    llm = OpenVinoLlm.load(folder, f32().device("CPU").build());
  }

  @AfterAll
  static void close() {
    if (llm != null) {
      llm.close();
    }
  }

  @Test
  void cpuIsAmongTheAvailableDevices() {
    assertTrue(OpenVinoLlm.availableDevices().contains("CPU"), OpenVinoLlm.availableDevices().toString());
  }

  @Test
  void configIsRead() {
    assertArrayEquals(new long[] {151645, 151643}, llm.eosTokenIds());
    assertEquals(4096, llm.contextLength());
    assertTrue(llm.chatTemplateSource().contains("<|im_start|>"));
  }

  @Test
  void greedyGenerationMatchesTheNumpyReferenceAndIsDeterministic() {
    long[] prompt = llm.tokenizer().encode("The quick brown fox jumps over the lazy dog.");
    GenerationOptions opts = GenerationOptions.builder().maxNewTokens(16).ignoreEos(true).build();
    GenerationResult a = llm.generate(prompt, opts, null);
    GenerationResult b = llm.generate(prompt, opts, null);
    assertEquals(16, a.tokenIds().length);
    assertEquals(FinishReason.MAX_TOKENS, a.finishReason());
    assertArrayEquals(a.tokenIds(), b.tokenIds(), "same prompt, greedy: same tokens");
    assertArrayEquals(PythonReference.tinyGreedy(prompt, 16), a.tokenIds(), "numpy reference of the same weights");
    assertEquals(15, a.decodeSteps());
  }

  @Test
  void tokenizerIrGivesTheReferenceTokenizersIds() throws IOException {
    List<String> texts = List.of("Hello, world!", "  leading and   inner spaces\n\ttabs", "数字 123456 and 3.14159",
        "Emoji 🙂👍🏽 and accents: café naïve Ångström", "Кириллица, Ελληνικά, العربية", "def f(x):\n    return x**2",
        "<|im_start|>user\nhi<|im_end|>\n", "ｆｕｌｌｗｉｄｔｈ");
    List<long[]> expected = PythonReference.hfEncode(folder, texts);
    for (int i = 0; i < texts.size(); i++) {
      long[] ids = llm.tokenizer().encode(texts.get(i));
      assertArrayEquals(expected.get(i), ids, "ids of " + texts.get(i));
      assertEquals(texts.get(i).replace("<|im_start|>", "").replace("<|im_end|>", ""),
          llm.tokenizer().decode(ids), "round trip (special tokens skipped)");
    }
  }

  @Test
  void streamingNeverSplitsACharacterAndAddsUpToTheText() {
    // Rare characters the byte-level vocabulary only has as byte tokens, next to common ones.
    String text = "Grüße, 世界! 🙂👍🏽 ok\nnext line ✓ 龘𝔘𝔫𝔦ꙮ𓀀";
    long[] ids = llm.tokenizer().encode(text);
    Utf8Stream stream = new Utf8Stream(llm.tokenizer());
    StringBuilder joined = new StringBuilder();
    List<String> chunks = new ArrayList<>();
    for (long id : ids) {
      String c = stream.push(id);
      if (c != null) {
        assertFalse(c.contains("\uFFFD"), "chunk with a cut character: " + c);
        chunks.add(c);
        joined.append(c);
      }
    }
    String rest = stream.flush();
    if (rest != null) {
      joined.append(rest);
    }
    assertEquals(text, joined.toString());
    assertTrue(ids.length > chunks.size(), "no token carried a partial character: " + chunks);
  }

  @Test
  void streamerReceivesTheGeneratedTextAndCanStop() {
    StringBuilder streamed = new StringBuilder();
    GenerationResult r = llm.generate("Once upon a time", GenerationOptions.builder().maxNewTokens(12)
        .ignoreEos(true).build(), chunk -> {
          streamed.append(chunk);
          return true;
        });
    assertEquals(r.text(), streamed.toString());
    int[] calls = {0};
    GenerationResult stopped = llm.generate("Once upon a time", GenerationOptions.builder().maxNewTokens(12)
        .ignoreEos(true).build(), chunk -> ++calls[0] < 2);
    assertEquals(FinishReason.STOPPED, stopped.finishReason());
    assertTrue(stopped.tokenIds().length < 12);
  }

  @Test
  void seededSamplingIsReproducible() {
    GenerationOptions s1 = GenerationOptions.builder().maxNewTokens(10).ignoreEos(true).temperature(1.5).topK(50)
        .topP(0.95).seed(42).build();
    GenerationOptions s2 = GenerationOptions.builder().maxNewTokens(10).ignoreEos(true).temperature(1.5).topK(50)
        .topP(0.95).seed(7).build();
    long[] a = llm.generate("Sampling test", s1).tokenIds();
    long[] b = llm.generate("Sampling test", s1).tokenIds();
    long[] c = llm.generate("Sampling test", s2).tokenIds();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c), "different seeds gave the same 10 sampled tokens");
    long[] greedy = llm.generate("Sampling test", GenerationOptions.builder().maxNewTokens(10).ignoreEos(true).build())
        .tokenIds();
    assertFalse(Arrays.equals(a, greedy), "temperature 1.5 sampling equals greedy decoding");
  }

  @Test
  void chatReusesTheStateAndMatchesAFreshRun() {
    GenerationOptions opts = GenerationOptions.builder().maxNewTokens(6).ignoreEos(true).build();
    try (OpenVinoChat chat = llm.chat()) {
      GenerationResult first = chat.send("Hi there", opts);
      assertEquals(0, first.reusedTokens());
      int cached = chat.cachedTokens();
      assertEquals(first.promptTokens() + first.tokenIds().length - 1, cached);
      GenerationResult second = chat.send("Tell me more", opts);
      assertTrue(second.reusedTokens() >= first.promptTokens(), "reused " + second.reusedTokens());

      // The same conversation rendered and run from an empty state gives the same reply.
      List<ChatMessage> withUser = chat.history().subList(0, 3);
      assertEquals(new ChatMessage("user", "Tell me more"), withUser.get(2));
      long[] fresh = llm.tokenizer().encode(ChatTemplate.detect(llm.chatTemplateSource()).render(withUser, true));
      assertArrayEquals(llm.generate(fresh, opts, null).tokenIds(), second.tokenIds());

      // A changed system prompt diverges at the start: the state is trimmed/reset, output stays right.
      chat.system("You are terse.");
      GenerationResult third = chat.send("And now?", opts);
      List<ChatMessage> all = new ArrayList<>(chat.history().subList(0, chat.history().size() - 1));
      long[] fresh3 = llm.tokenizer().encode(ChatTemplate.detect(llm.chatTemplateSource()).render(all, true));
      assertArrayEquals(llm.generate(fresh3, opts, null).tokenIds(), third.tokenIds());
      assertTrue(third.reusedTokens() < second.promptTokens());
    }
  }

  @Test
  void rewindingTheStateToAPrefixGivesTheSameLogitsAsRecomputing() {
    long[] prompt = llm.tokenizer().encode("One two three four five six seven eight");
    GenerationOptions opts = GenerationOptions.builder().maxNewTokens(5).ignoreEos(true).build();
    try (OpenVinoChat chat = llm.chat(ChatTemplate.chatMl())) {
      KvSession s = new KvSession(llm);
      try {
        GenerationResult full = llm.run(s, prompt, opts, null, System.nanoTime());
        long[] shorter = Arrays.copyOf(prompt, prompt.length - 3);
        GenerationResult trimmed = llm.run(s, shorter, opts, null, System.nanoTime());
        assertEquals(shorter.length - 1, trimmed.reusedTokens());
        assertArrayEquals(llm.generate(shorter, opts, null).tokenIds(), trimmed.tokenIds());
        assertEquals(5, full.tokenIds().length);
      } finally {
        s.close();
      }
    }
  }

  @Test
  void compileCacheFolderIsFilled(@TempDir Path cache) throws IOException {
    try (OpenVinoLlm cached = OpenVinoLlm.load(folder, f32().cacheDir(cache).build())) {
      assertEquals(llm.generate("cache", GenerationOptions.greedy(3)).tokenIds().length,
          cached.generate("cache", GenerationOptions.greedy(3)).tokenIds().length);
    }
    try (Stream<Path> files = Files.list(cache)) {
      assertTrue(files.findAny().isPresent(), "OpenVINO wrote nothing into CACHE_DIR");
    }
  }

  // ------------------------------------------------------------------ errors

  /** A copy of the fixture folder made of symlinks, so single files can be broken cheaply. */
  static Path linkedCopy(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.createSymbolicLink(dir.resolve(f.getFileName()), f);
      }
    }
    return dir;
  }

  @Test
  void missingFolderOrModelFilesAreModelLoadExceptions(@TempDir Path dir) throws IOException {
    assertThrows(ModelLoadException.class, () -> OpenVinoLlm.load(dir.resolve("nope")));
    Path copy = linkedCopy(Files.createDirectory(dir.resolve("m")));
    Files.delete(copy.resolve("openvino_model.bin"));
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> OpenVinoLlm.load(copy));
    assertTrue(e.getMessage().contains("openvino_model.bin"), e.getMessage());
    Files.createSymbolicLink(copy.resolve("openvino_model.bin"), folder.resolve("openvino_model.bin"));
    Files.delete(copy.resolve("openvino_model.xml"));
    assertThrows(ModelLoadException.class, () -> OpenVinoLlm.load(copy));
  }

  @Test
  void corruptXmlIsAModelLoadExceptionWithTheNativeMessage(@TempDir Path dir) throws IOException {
    Path copy = linkedCopy(dir);
    String xml = Files.readString(folder.resolve("openvino_model.xml"), StandardCharsets.UTF_8);
    Files.delete(copy.resolve("openvino_model.xml"));
    Files.writeString(copy.resolve("openvino_model.xml"), xml.substring(0, xml.length() / 2), StandardCharsets.UTF_8);
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> OpenVinoLlm.load(copy));
    assertInstanceOf(OpenVinoException.class, e.getCause());
  }

  @Test
  void truncatedWeightsAreAModelLoadException(@TempDir Path dir) throws IOException {
    Path copy = linkedCopy(dir);
    byte[] head = new byte[1000];
    try (var in = Files.newInputStream(folder.resolve("openvino_model.bin"))) {
      in.readNBytes(head, 0, head.length);
    }
    Files.delete(copy.resolve("openvino_model.bin"));
    Files.write(copy.resolve("openvino_model.bin"), head);
    assertThrows(ModelLoadException.class, () -> OpenVinoLlm.load(copy));
  }

  @Test
  void missingOrBrokenTokenizerIsAModelLoadException(@TempDir Path dir) throws IOException {
    Path copy = linkedCopy(Files.createDirectory(dir.resolve("a")));
    Files.delete(copy.resolve("openvino_tokenizer.xml"));
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> OpenVinoLlm.load(copy));
    assertTrue(e.getMessage().contains("openvino_tokenizer.xml"), e.getMessage());
    Path copy2 = linkedCopy(Files.createDirectory(dir.resolve("b")));
    Files.delete(copy2.resolve("openvino_detokenizer.xml"));
    Files.writeString(copy2.resolve("openvino_detokenizer.xml"), "<net>", StandardCharsets.UTF_8);
    assertThrows(ModelLoadException.class, () -> OpenVinoLlm.load(copy2));
  }

  @Test
  void unknownDeviceListsTheAvailableOnes() {
    DeviceNotFoundException e = assertThrows(DeviceNotFoundException.class,
        () -> OpenVinoLlm.load(folder, LoadOptions.builder().device("TPU").build()));
    assertTrue(e.available().contains("CPU"));
    assertTrue(e.getMessage().contains("CPU"), e.getMessage());
    assertThrows(DeviceNotFoundException.class,
        () -> OpenVinoLlm.load(folder, LoadOptions.builder().device("AUTO:TPU,CPU").build()));
    if (!OpenVinoLlm.availableDevices().contains("NPU")) {
      assertThrows(DeviceNotFoundException.class,
          () -> OpenVinoLlm.load(folder, LoadOptions.builder().device("NPU").build()));
    }
  }

  @Test
  void autoDeviceLoadsAndGenerates() {
    try (OpenVinoLlm auto = OpenVinoLlm.load(folder, LoadOptions.builder().device("AUTO").build())) {
      assertEquals(4, auto.generate("auto", GenerationOptions.builder().maxNewTokens(4).ignoreEos(true).build())
          .tokenIds().length);
    }
  }

  @Test
  void useAfterCloseIsAnIllegalStateExceptionAndCloseIsIdempotent() {
    OpenVinoLlm m = OpenVinoLlm.load(folder);
    OpenVinoChat chat = m.chat();
    m.close();
    m.close();
    assertThrows(IllegalStateException.class, () -> m.generate("x", GenerationOptions.greedy(1)));
    assertThrows(IllegalStateException.class, () -> chat.send("x", GenerationOptions.greedy(1)));
    assertThrows(IllegalStateException.class, () -> m.tokenizer());
    chat.close();
  }

  @Test
  void badArgumentsAreRejectedBeforeNativeCode() {
    assertThrows(IllegalArgumentException.class, () -> GenerationOptions.builder().maxNewTokens(0));
    assertThrows(IllegalArgumentException.class, () -> GenerationOptions.builder().temperature(-1));
    assertThrows(IllegalArgumentException.class, () -> GenerationOptions.builder().topP(0));
    assertThrows(IllegalArgumentException.class, () -> llm.generate(new long[0], GenerationOptions.greedy(1), null));
    assertThrows(IllegalArgumentException.class, () -> llm.tokenizer().encode("nul\0byte"));
    assertThrows(IllegalArgumentException.class, () -> llm.generate(new long[] {1, 151936}, GenerationOptions.greedy(1), null));
    assertThrows(IllegalArgumentException.class, () -> llm.generate(new long[] {-1}, GenerationOptions.greedy(1), null));
    assertThrows(NullPointerException.class, () -> OpenVinoLlm.load(null));
  }
}
