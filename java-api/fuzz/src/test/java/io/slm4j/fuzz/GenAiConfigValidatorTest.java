package io.slm4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slm4j.ModelLoadException;
import io.slm4j.Slm;
import io.slm4j.backend.ortgenai.GenAiConfigValidator;
import io.slm4j.fixtures.Fixtures;
import io.slm4j.spi.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** genai_config.json values that GenAI reads into ints, formats with printf or resolves as paths. */
class GenAiConfigValidatorTest {
  @TempDir
  Path dir;

  /** A copy of tiny-genai (links to its large files) with one textual change to genai_config.json. */
  private Path mutant(String from, String to) throws Exception {
    Path src = Fixtures.get("tiny-genai");
    Path dir = Files.createTempDirectory(this.dir, "m");
    try (var s = Files.list(src)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (!p.getFileName().toString().equals("genai_config.json")) {
          Files.createSymbolicLink(dir.resolve(p.getFileName().toString()), p);
        }
      }
    }
    String cfg = Files.readString(src.resolve("genai_config.json"), StandardCharsets.UTF_8);
    assertTrue(cfg.contains(from), from);
    Files.writeString(dir.resolve("genai_config.json"), cfg.replace(from, to), StandardCharsets.UTF_8);
    return dir;
  }

  private String rejected(String from, String to) throws Exception {
    Path m = mutant(from, to);
    return assertThrows(ModelLoadException.class,
        () -> GenAiConfigValidator.validate(m, Json.parse(Files.readString(m.resolve("genai_config.json"))))).getMessage();
  }

  @Test
  void acceptsTheFixture() throws Exception {
    Path src = Fixtures.get("tiny-genai");
    GenAiConfigValidator.validate(src, Json.parse(Files.readString(src.resolve("genai_config.json"))));
  }

  @Test
  void rejectsIntegersBeyondIntRangeAndFractions() throws Exception {
    String m = rejected("\"context_length\": 4096", "\"context_length\": 99999999999999999999");
    assertTrue(m.contains("model.context_length = 1.0E20"), m);
    m = rejected("\"context_length\": 4096", "\"context_length\": 4096.5");
    assertTrue(m.contains("model.context_length = 4096.5"), m);
  }

  @Test
  void rejectsPrintfPatternsOtherThanOneLayerIndex() throws Exception {
    String m = rejected("past_key_values.%d.key", "past_key_values.%s%n.key");
    assertTrue(m.contains("past_key_names = past_key_values.%s%n.key"), m);
    // One %d plus a %s: printf would read a char* that GenAI never passes.
    m = rejected("past_key_values.%d.value", "past_key_values.%d.%s");
    assertTrue(m.contains("past_value_names = past_key_values.%d.%s"), m);
    m = rejected("\"input_ids\": \"input_ids\"", "\"input_ids\": \"input_%d\"");
    assertTrue(m.contains("inputs.input_ids"), m);
  }

  @Test
  void rejectsHeadCountsThatDoNotDivideAndDecoderPathsOutsideTheFolder() throws Exception {
    String m = rejected("\"filename\": \"model.onnx\"", "\"filename\": \"../../model.onnx\"");
    assertTrue(m.contains("outside the model folder"), m);
  }

  @Test
  void theBackendRejectsTheMutantBeforeLoadingNativeCode() throws Exception {
    Path m = mutant("past_key_values.%d.key", "past_key_values.%s.key");
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> Slm.load(m).backend("onnxruntime-genai").open().close());
    assertTrue(e.getMessage().contains("past_key_names"), e.getMessage());
  }
}
