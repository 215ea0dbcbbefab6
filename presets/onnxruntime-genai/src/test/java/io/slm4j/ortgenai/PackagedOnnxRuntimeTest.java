package io.slm4j.ortgenai;

import static org.junit.jupiter.api.Assertions.*;

import io.slm4j.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * GenAI must run on the ONNX Runtime from the classifier jar and on no other copy. Surefire starts this
 * JVM with ORT_LIB_PATH and LD_LIBRARY_PATH pointing at a decoy copy elsewhere (see the module pom), the
 * strongest ways a user's environment could redirect GenAI; the mapped files must still show only the
 * packaged library.
 */
class PackagedOnnxRuntimeTest {
  @Test
  void onlyThePackagedOnnxRuntimeIsMapped() throws IOException {
    String decoy = System.getenv("SLM4J_TEST_DECOY_ORT");
    assertNotNull(decoy, "surefire must set SLM4J_TEST_DECOY_ORT (and ORT_LIB_PATH to it)");
    assertTrue(Files.exists(Paths.get(decoy)), "decoy " + decoy + " missing");
    String packaged = OrtGenAi.load();
    // Run GenAI so that it has resolved ONNX Runtime (it does so lazily, on first use).
    var model = Oga.model(Fixtures.get("tiny-genai"));
    io.slm4j.ortgenai.global.ortgenai.OgaDestroyModel(model);

    Set<String> mapped = new TreeSet<>();
    for (String line : Files.readAllLines(Paths.get("/proc/self/maps"))) {
      int slash = line.indexOf('/');
      if (slash >= 0) {
        String file = line.substring(slash).replace(" (deleted)", "");
        String name = Paths.get(file).getFileName().toString();
        // The ONNX Runtime core library itself (not GenAI, not ORT's provider libraries of the -cuda build).
        if (name.startsWith("libonnxruntime.so")) {
          mapped.add(Paths.get(file).toRealPath().toString());
        }
      }
    }
    assertEquals(Set.of(Paths.get(packaged).toRealPath().toString()), mapped,
        "ONNX Runtime copies mapped into the process (decoy: " + decoy + ")");
    assertNotEquals(Paths.get(decoy).toRealPath(), Paths.get(packaged).toRealPath());
  }
}
