package io.slm4j.ortgenai;

import static io.slm4j.ortgenai.global.ortgenai.*;
import static org.junit.jupiter.api.Assertions.*;

import io.slm4j.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken model folders give an {@link OrtGenAiException} carrying GenAI's own message, never a crash.
 * Each case works on a copy of the fixture folder with one file damaged.
 */
class BadInputTest {
  static Path fixture;

  @TempDir Path temp;

  @BeforeAll
  static void load() {
    fixture = Fixtures.get("tiny-genai");
    OrtGenAi.load();
  }

  /** A full copy of the fixture (ONNX Runtime rejects external data reached through a symlink). */
  Path copy() throws IOException {
    Path dir = temp.resolve("model");
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(fixture)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = dir.resolve(f.getFileName());
        Files.copy(f, target);
      }
    }
    return dir;
  }

  static OrtGenAiException modelFails(Path folder) {
    OrtGenAiException e = assertThrows(OrtGenAiException.class, () -> OgaDestroyModel(Oga.model(folder)));
    assertNotNull(e.nativeMessage(), "the message must come from GenAI");
    assertFalse(e.nativeMessage().isBlank());
    assertEquals("OgaCreateModel", e.operation());
    System.out.println(folder.getFileName() + ": " + e.getMessage());
    return e;
  }

  @Test
  void missingFolder() {
    OrtGenAiException e = modelFails(temp.resolve("does-not-exist"));
    assertTrue(e.nativeMessage().contains("genai_config.json"), e.getMessage());
  }

  @Test
  void brokenGenAiConfigJson() throws IOException {
    Path dir = copy();
    Path config = dir.resolve("genai_config.json");
    String text = Files.readString(config);
    Files.delete(config);
    Files.writeString(config, text.substring(0, text.length() / 2));
    modelFails(dir);
  }

  @Test
  void genAiConfigNamesAMissingModelFile() throws IOException {
    Path dir = copy();
    String onnx = onnxFile(dir);
    Files.delete(dir.resolve(onnx));
    OrtGenAiException e = modelFails(dir);
    assertTrue(e.nativeMessage().contains(onnx) || e.nativeMessage().toLowerCase().contains("no such file")
        || e.nativeMessage().toLowerCase().contains("load"), e.getMessage());
  }

  @Test
  void truncatedModelFile() throws IOException {
    Path dir = copy();
    String onnx = onnxFile(dir);
    Path model = dir.resolve(onnx);
    byte[] bytes = Files.readAllBytes(model.toRealPath());
    Files.delete(model);
    Files.write(model, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    modelFails(dir);
  }

  @Test
  void unsupportedModelType() throws IOException {
    Path dir = copy();
    Path config = dir.resolve("genai_config.json");
    String text = Files.readString(config).replaceFirst("\"type\"\\s*:\\s*\"[^\"]+\"", "\"type\": \"no_such_arch\"");
    Files.writeString(config, text);
    OrtGenAiException e = modelFails(dir);
    assertTrue(e.nativeMessage().contains("no_such_arch"), e.getMessage());
  }

  @Test
  void missingExternalWeights() throws IOException {
    Path dir = copy();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().endsWith(".data")) Files.delete(f);
      }
    }
    modelFails(dir);
  }

  @Test
  void missingTokenizerConfig() throws IOException {
    Path dir = copy();
    Files.delete(dir.resolve("tokenizer_config.json"));
    OgaModel model = Oga.model(dir);
    try {
      OrtGenAiException e = assertThrows(OrtGenAiException.class, () -> OgaDestroyTokenizer(Oga.tokenizer(model)));
      assertTrue(e.nativeMessage().contains("tokenizer_config.json"), e.getMessage());
    } finally {
      OgaDestroyModel(model);
    }
  }

  @Test
  void wrongTokenizerFiles() throws IOException {
    Path dir = copy();
    Path tokenizerJson = dir.resolve("tokenizer.json");
    Files.delete(tokenizerJson);
    Files.writeString(tokenizerJson, "{\"model\": {\"type\": \"NotATokenizer\"}, \"added_tokens\": 7}");
    OgaModel model = Oga.model(dir);
    try {
      OrtGenAiException e = assertThrows(OrtGenAiException.class, () -> OgaDestroyTokenizer(Oga.tokenizer(model)));
      assertNotNull(e.nativeMessage());
      assertEquals("OgaCreateTokenizer", e.operation());
      System.out.println("tokenizer: " + e.getMessage());
    } finally {
      OgaDestroyModel(model);
    }
  }

  @Test
  void errorObjectBecomesExceptionWithNativeMessage() {
    OgaGeneratorParams params = new OgaGeneratorParams();
    OgaModel model = Oga.model(fixture);
    try {
      OrtGenAi.check("OgaCreateGeneratorParams", OgaCreateGeneratorParams(model, params));
      OrtGenAiException e = assertThrows(OrtGenAiException.class, () -> OrtGenAi.check("OgaGeneratorParamsSetSearchNumber",
          OgaGeneratorParamsSetSearchNumber(params, "no_such_option_ü", 1)));
      assertTrue(e.nativeMessage().contains("no_such_option_ü"), e.getMessage());
    } finally {
      OgaDestroyGeneratorParams(params);
      OgaDestroyModel(model);
    }
  }

  static String onnxFile(Path dir) throws IOException {
    String config = Files.readString(dir.resolve("genai_config.json"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"filename\"\\s*:\\s*\"([^\"]+)\"").matcher(config);
    assertTrue(m.find(), "no decoder filename in genai_config.json");
    return m.group(1);
  }
}
