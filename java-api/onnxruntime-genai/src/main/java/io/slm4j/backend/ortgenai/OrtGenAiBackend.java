package io.slm4j.backend.ortgenai;

import io.slm4j.BackendUnavailableException;
import io.slm4j.Device;
import io.slm4j.DeviceInfo;
import io.slm4j.spi.BackendModel;
import io.slm4j.spi.BackendProvider;
import io.slm4j.spi.LoadOptions;
import io.slm4j.ortgenai.OrtGenAi;
import io.slm4j.ortgenai.OrtGenAiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ONNX Runtime GenAI backend: folders with {@code genai_config.json}. The CPU build is what the
 * default natives hold; CUDA needs the {@code -cuda} natives and is asked for with {@code Device.CUDA}.
 */
public final class OrtGenAiBackend implements BackendProvider {
  /** The id {@code Slm.load(...).backend(...)} takes. */
  public static final String ID = "onnxruntime-genai";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean accepts(Path model) {
    return Files.isDirectory(model) && Files.isRegularFile(model.resolve("genai_config.json"));
  }

  @Override
  public List<DeviceInfo> devices() {
    init();
    // GenAI has no device enumeration; the CPU provider is always there. CUDA is reported only
    // when the -cuda natives are on the class path (their provider library is bundled there).
    boolean cuda = OrtGenAiBackend.class.getResource("/io/slm4j/ortgenai/"
        + org.bytedeco.javacpp.Loader.getPlatform() + "-cuda") != null;
    return cuda
        ? List.of(new DeviceInfo(ID, Device.CPU, "CPU (ONNX Runtime CPU provider)"),
            new DeviceInfo(ID, Device.CUDA, "CUDA (ONNX Runtime CUDA provider)"))
        : List.of(new DeviceInfo(ID, Device.CPU, "CPU (ONNX Runtime CPU provider)"));
  }

  @Override
  public BackendModel open(Path model, LoadOptions options) {
    GenAiConfigValidator.validate(model, OrtGenAiModel.validate(model));
    init();
    return OrtGenAiModel.open(model, options);
  }

  static void init() {
    try {
      OrtGenAi.load();
    } catch (OrtGenAiException | LinkageError e) {
      throw new BackendUnavailableException("the ONNX Runtime GenAI natives did not load: " + e.getMessage()
          + " (add io.slm4j:onnxruntime-genai-platform, or io.slm4j:onnxruntime-genai with the classifier of this"
          + " platform)", e);
    }
  }
}
