package io.slm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slm4j.spi.BackendModel;
import io.slm4j.spi.BackendProvider;
import io.slm4j.spi.LoadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backend selection: pure logic over file names and provider lists, no natives. */
class SelectionTest {
  /** A provider that reads one format by name and never loads anything. */
  record Named(String id, String format, List<Device> has) implements BackendProvider {
    @Override
    public boolean accepts(Path model) {
      return Backends.formatsOf(model).contains(format);
    }

    @Override
    public List<DeviceInfo> devices() {
      return has.stream().map(d -> new DeviceInfo(id, d, d.name())).toList();
    }

    @Override
    public BackendModel open(Path model, LoadOptions options) {
      throw new UnsupportedOperationException();
    }
  }

  private static final Named LLAMA = new Named("llama-cpp", "llama-cpp", List.of(Device.CPU));
  private static final Named GENAI = new Named("onnxruntime-genai", "onnxruntime-genai", List.of(Device.CPU, Device.CUDA));
  private static final Named OV = new Named("openvino", "openvino", List.of(Device.CPU, Device.NPU));

  @Test
  void formatPicksTheBackend(@TempDir Path dir) throws Exception {
    Path gguf = Files.createFile(dir.resolve("m.GGUF"));
    Path genai = Files.createDirectory(dir.resolve("genai"));
    Files.createFile(genai.resolve("genai_config.json"));
    Path ov = Files.createDirectory(dir.resolve("ov"));
    Files.createFile(ov.resolve("openvino_model.xml"));
    List<BackendProvider> all = List.of(OV, GENAI, LLAMA);
    assertSame(LLAMA, Backends.select(gguf, null, Device.AUTO, all));
    assertSame(GENAI, Backends.select(genai, null, Device.AUTO, all));
    assertSame(OV, Backends.select(ov, null, Device.AUTO, all));
  }

  @Test
  void explicitChoiceWinsAndIsChecked(@TempDir Path dir) throws Exception {
    Path both = Files.createDirectory(dir.resolve("both"));
    Files.createFile(both.resolve("genai_config.json"));
    Files.createFile(both.resolve("openvino_model.xml"));
    List<BackendProvider> all = List.of(LLAMA, GENAI, OV);
    assertSame(GENAI, Backends.select(both, null, Device.AUTO, all), "format order when nothing else decides");
    assertSame(OV, Backends.select(both, "openvino", Device.AUTO, all));
    assertSame(OV, Backends.select(both, null, Device.NPU, all), "the device decides between formats");
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
        () -> Backends.select(both, "llama-cpp", Device.AUTO, all));
    assertTrue(e.getMessage().contains("onnxruntime-genai"), e.getMessage());
  }

  @Test
  void missingBackendNamesTheArtifact(@TempDir Path dir) throws Exception {
    Path gguf = Files.createFile(dir.resolve("m.gguf"));
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> Backends.select(gguf, null, Device.AUTO, List.of(GENAI)));
    assertTrue(e.getMessage().contains("io.slm4j:slm4j-llama-cpp"), e.getMessage());
    e = assertThrows(BackendUnavailableException.class, () -> Backends.select(gguf, "openvino", Device.AUTO, List.of()));
    assertTrue(e.getMessage().contains("io.slm4j:slm4j-openvino"), e.getMessage());
    e = assertThrows(BackendUnavailableException.class, () -> Backends.select(gguf, "tensorrt", Device.AUTO, List.of()));
    assertTrue(e.getMessage().contains("unknown backend"), e.getMessage());
  }

  @Test
  void missingDeviceNamesWhatExists(@TempDir Path dir) throws Exception {
    Path gguf = Files.createFile(dir.resolve("m.gguf"));
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> Backends.select(gguf, null, Device.CUDA, List.of(LLAMA)));
    assertTrue(e.getMessage().contains("CUDA") && e.getMessage().contains("CPU"), e.getMessage());
    assertSame(LLAMA, Backends.select(gguf, null, Device.CPU, List.of(LLAMA)));
  }

  @Test
  void pathsAreCheckedFirst(@TempDir Path dir) throws Exception {
    assertThrows(ModelNotFoundException.class, () -> Backends.select(dir.resolve("nope.gguf"), null, Device.AUTO,
        List.of(LLAMA)));
    Path txt = Files.createFile(dir.resolve("model.bin"));
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
        () -> Backends.select(txt, null, Device.AUTO, List.of(LLAMA)));
    assertTrue(e.getMessage().contains(".gguf"), e.getMessage());
    assertThrows(UnsupportedModelException.class, () -> Backends.select(dir, null, Device.AUTO, List.of(LLAMA)));
  }

  @Test
  void theApiJarLoadsWithoutAnyBackend() {
    // This module's test class path has no backend and no native library.
    assertEquals(List.of(), Slm.backends());
    assertEquals(java.util.Map.of(), Slm.devices());
    Path p = Path.of("does-not-matter.gguf");
    assertThrows(ModelNotFoundException.class, () -> Slm.load(p).open());
  }
}
