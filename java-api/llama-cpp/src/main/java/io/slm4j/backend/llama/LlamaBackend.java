package io.slm4j.backend.llama;

import io.slm4j.BackendUnavailableException;
import io.slm4j.Device;
import io.slm4j.DeviceInfo;
import io.slm4j.spi.BackendModel;
import io.slm4j.spi.BackendProvider;
import io.slm4j.spi.LoadOptions;
import io.slm4j.llama.LlamaException;
import io.slm4j.llama.LlamaNatives;
import io.slm4j.llama.ggml_backend_device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.slm4j.llama.global.llama.*;

/** The llama.cpp backend: GGUF files, on the devices ggml loads (CPU variants, CUDA with the -cuda natives). */
public final class LlamaBackend implements BackendProvider {
  /** The id {@code Slm.load(...).backend(...)} takes. */
  public static final String ID = "llama-cpp";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean accepts(Path model) {
    return Files.isRegularFile(model) && model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf");
  }

  @Override
  public List<DeviceInfo> devices() {
    init();
    List<DeviceInfo> out = new ArrayList<>();
    for (long i = 0, n = ggml_backend_dev_count(); i < n; i++) {
      ggml_backend_device dev = ggml_backend_dev_get(i);
      String name = ggml_backend_dev_name(dev).getString();
      String desc = ggml_backend_dev_description(dev).getString();
      out.add(new DeviceInfo(ID, kind(ggml_backend_dev_type(dev), name), name + " (" + desc + ")"));
    }
    return out;
  }

  @Override
  public BackendModel open(Path model, LoadOptions options) {
    if (Files.isRegularFile(model)) {
      GgufValidator.validate(model);
    }
    init();
    return LlamaBackendModel.open(model, options, devices());
  }

  /** The keys {@link #open} reads from {@code option()}. */
  static final java.util.Map<String, String> OPTIONS = java.util.Map.of(
      "llama-cpp.exact", "true/false: F32 KV cache and no flash attention, for bit-exact agreement (default false; Slm.load(...).exact(true) sets it on every backend)",
      "llama-cpp.flash_attn", "on/off/auto: flash attention (default auto; off when exact)");

  @Override
  public java.util.Map<String, String> options() {
    return OPTIONS;
  }

  static Device kind(int type, String name) {
    if (type == GGML_BACKEND_DEVICE_TYPE_CPU) {
      return Device.CPU;
    }
    String n = name.toUpperCase(Locale.ROOT);
    if (n.startsWith("CUDA")) {
      return Device.CUDA;
    }
    if (n.startsWith("METAL") || n.startsWith("MTL")) {
      return Device.METAL;
    }
    return type == GGML_BACKEND_DEVICE_TYPE_ACCEL ? Device.NPU : Device.GPU;
  }

  private static void init() {
    try {
      LlamaNatives.init();
    } catch (LlamaException | LinkageError e) {
      throw new BackendUnavailableException("the llama.cpp natives did not load: " + e.getMessage()
          + " (add io.slm4j:llama-cpp-platform, or io.slm4j:llama-cpp with the classifier of this platform)", e);
    }
  }
}
