package io.slm4j.contract;

import io.slm4j.Slm;
import io.slm4j.SlmModel;
import io.slm4j.fixtures.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The backends under test, each with the tiny F32 fixture in its format, loaded once per JVM. */
final class Models {
  /** Backend id to fixture name: the same weights in each runtime's format. */
  static final Map<String, String> TINY = new java.util.LinkedHashMap<>();

  static {
    TINY.put("llama-cpp", "tiny-gguf-f32");
    TINY.put("onnxruntime-genai", "tiny-genai");
    TINY.put("openvino", "tiny-ov");
  }

  private static final Map<String, SlmModel> LOADED = new ConcurrentHashMap<>();

  private Models() {}

  /** The backends on the class path that have a tiny fixture; every installed one must be tested. */
  static Stream<String> backends() {
    List<String> ids = new ArrayList<>();
    for (String id : Slm.backends()) {
      if (TINY.containsKey(id)) {
        ids.add(id);
      }
    }
    if (ids.size() < 2) {
      throw new IllegalStateException("the contract suite needs at least two backends, found " + Slm.backends());
    }
    return ids.stream();
  }

  static Path tiny(String backend) {
    return Fixtures.get(TINY.get(backend));
  }

  /** The fixture of a model family ({@code tiny} or {@code smollm2}) in the backend's format. */
  static Path fixture(String family, String backend) {
    return Fixtures.get(TINY.get(backend).replace("tiny", family));
  }

  /** A shared model of a family on a backend: tests must not close it. */
  static SlmModel shared(String family, String backend) {
    if (family.equals("tiny")) {
      return shared(backend);
    }
    return LOADED.computeIfAbsent(family + "/" + backend,
        k -> Slm.load(fixture(family, backend)).backend(backend).threads(2).contextSize(512).exact(true).open());
  }

  /** A shared model of the backend: tests must not close it. */
  static SlmModel shared(String backend) {
    return LOADED.computeIfAbsent(backend, b -> Slm.load(tiny(b)).backend(b).threads(2).exact(true).open());
  }
}
