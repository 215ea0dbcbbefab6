package io.slm4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slm4j.ModelLoadException;
import io.slm4j.backend.llama.GgufValidator;
import io.slm4j.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check of the GGUF validator, on a fixture changed in exactly one semantic way. */
class GgufValidatorTest {
  @TempDir
  Path dir;

  private static Path tiny() {
    Path p = Fixtures.get("tiny-gguf-f32");
    if (Files.isDirectory(p)) {
      try (var s = Files.list(p)) {
        return s.filter(f -> f.toString().endsWith(".gguf")).findFirst().orElseThrow();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return p;
  }

  private String rejected(Consumer<GgufFile> mutation) throws Exception {
    GgufFile f = GgufFile.parse(Files.readAllBytes(tiny()));
    mutation.accept(f);
    Path out = dir.resolve("m.gguf");
    Files.write(out, f.write());
    return assertThrows(ModelLoadException.class, () -> GgufValidator.validate(out)).getMessage();
  }

  private static String arch(GgufFile f) {
    return (String) f.kv.get("general.architecture").value;
  }

  @Test
  void acceptsTheFixturesAndARoundTrip() throws Exception {
    Map<String, Object> kv = GgufValidator.validate(tiny());
    assertTrue(kv.containsKey("tokenizer.ggml.tokens"), kv.keySet().toString());
    GgufFile f = GgufFile.parse(Files.readAllBytes(tiny()));
    Path out = dir.resolve("same.gguf");
    Files.write(out, f.write());
    assertEquals(kv.keySet(), GgufValidator.validate(out).keySet());
  }

  @Test
  void rejectsLayerCountsBeyondLlamaMaxLayers() throws Exception {
    String m = rejected(f -> f.kv.get(arch(f) + ".block_count").value = 100000L);
    assertTrue(m.contains("block_count = 100000"), m);
  }

  @Test
  void theBackendRejectsTheMutantBeforeLoadingIt() throws Exception {
    GgufFile f = GgufFile.parse(Files.readAllBytes(tiny()));
    f.kv.get(arch(f) + ".block_count").value = 100000L;
    Path out = dir.resolve("layers.gguf");
    Files.write(out, f.write());
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> io.slm4j.Slm.load(out).backend("llama-cpp").open().close());
    assertTrue(e.getMessage().contains("block_count = 100000"), e.getMessage());
  }

  @Test
  void rejectsHeadsThatDoNotDivide() throws Exception {
    String m = rejected(f -> f.kv.get(arch(f) + ".attention.head_count_kv").value = 3L);
    assertTrue(m.contains("head_count_kv = 3"), m);
  }

  @Test
  void rejectsNonFiniteEpsilon() throws Exception {
    String m = rejected(f -> f.kv.get(arch(f) + ".attention.layer_norm_rms_epsilon").value = Double.NaN);
    assertTrue(m.contains("layer_norm_rms_epsilon = NaN"), m);
  }

  @Test
  void rejectsAnUnknownTokenizer() throws Exception {
    String m = rejected(f -> f.kv.get("tokenizer.ggml.model").value = "sentencepiece9");
    assertTrue(m.contains("tokenizer.ggml.model = sentencepiece9"), m);
  }

  @Test
  void rejectsRaggedTokenTables() throws Exception {
    String m = rejected(f -> ((List<?>) f.kv.get("tokenizer.ggml.token_type").value).remove(0));
    assertTrue(m.contains("tokenizer.ggml.token_type"), m);
  }

  @Test
  void rejectsTokenIdsOutsideTheVocabulary() throws Exception {
    String m = rejected(f -> f.kv.get("tokenizer.ggml.eos_token_id").value = 1L << 20);
    assertTrue(m.contains("eos_token_id = 1048576"), m);
  }

  @Test
  void rejectsAKeyOfTheWrongType() throws Exception {
    String m = rejected(f -> f.kv.get(arch(f) + ".block_count").type = 8);
    assertTrue(m.contains("block_count"), m);
  }

  @Test
  void rejectsUnknownTensorTypesAndOffsetsOutsideTheFile() throws Exception {
    String m = rejected(f -> f.tensors.get(0).type = 77);
    assertTrue(m.contains("unknown ggml type 77"), m);
    m = rejected(f -> f.tensors.get(f.tensors.size() - 1).offset += 1L << 30);
    assertTrue(m.contains("beyond the end"), m);
    m = rejected(f -> f.tensors.get(0).offset += 1);
    assertTrue(m.contains("not aligned"), m);
    m = rejected(f -> f.tensors.get(0).dims[0] = 1L << 40);
    assertTrue(m.contains(f0name()), m);
  }

  private static String f0name() throws Exception {
    return GgufFile.parse(Files.readAllBytes(tiny())).tensors.get(0).name;
  }

  @Test
  void rejectsCountsAndLengthsTheFileCannotHold() throws Exception {
    String m = rejected(f -> f.kvCountOverride = Long.MAX_VALUE);
    assertTrue(m.contains("metadata count"), m);
    m = rejected(f -> f.tensorCountOverride = 1L << 40);
    assertTrue(m.contains("tensor count"), m);
    m = rejected(f -> f.data = new byte[0]);
    assertTrue(m.contains("beyond the end"), m);
  }

  @Test
  void acceptsTheUpstreamVocabularyFiles() throws Exception {
    // The vocab-only GGUFs of llama.cpp's tests have real tokenizers of every kind; the validator must not refuse them
    // for want of tensors. Those without hparams are loaded vocab-only, so only the header and tokenizer are checked.
    Path src = Path.of(System.getProperty("user.home"), ".cache/slm4j");
    List<Path> vocab = new ArrayList<>();
    try (var s = Files.walk(src, 4)) {
      s.filter(p -> p.getFileName().toString().matches("ggml-vocab-.*\\.gguf")).forEach(vocab::add);
    }
    assertTrue(vocab.size() >= 5, "upstream vocab files in " + src + ": " + vocab);
    int checked = 0;
    for (Path p : vocab) {
      try {
        GgufValidator.validate(p);
        checked++;
      } catch (ModelLoadException e) {
        // Vocab-only files carry no block_count; anything else refused is a validator bug.
        assertTrue(e.getMessage().contains("block_count is missing"), e.getMessage());
        checked++;
      }
    }
    assertEquals(vocab.size(), checked);
  }
}
