package io.slm4j.backend.openvino;

import io.slm4j.BackendUnavailableException;
import io.slm4j.Device;
import io.slm4j.DeviceInfo;
import io.slm4j.spi.BackendModel;
import io.slm4j.spi.BackendProvider;
import io.slm4j.spi.LoadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The OpenVINO backend of the slm4j API: folders with a stateful {@code openvino_model.xml} and the
 * tokenizer IRs, run by {@link OpenVinoLlm}'s KV sessions. Registered with {@code ServiceLoader}.
 */
public final class OpenVinoBackend implements BackendProvider {
  /** The id {@code Slm.load(...).backend(...)} takes. */
  public static final String ID = "openvino";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean accepts(Path model) {
    return Files.isDirectory(model) && Files.isRegularFile(model.resolve(OpenVinoLlm.MODEL_XML));
  }

  @Override
  public List<DeviceInfo> devices() {
    List<String> names;
    try {
      names = OpenVinoLlm.availableDevices();
    } catch (RuntimeException | LinkageError e) {
      throw new BackendUnavailableException("the OpenVINO natives did not load: " + e.getMessage()
          + " (add io.slm4j:openvino-platform, or io.slm4j:openvino with the classifier of this platform)", e);
    }
    List<DeviceInfo> out = new ArrayList<>();
    for (String n : names) {
      out.add(new DeviceInfo(ID, kind(n), n));
    }
    return out;
  }

  static Device kind(String name) {
    String base = name.toUpperCase(Locale.ROOT);
    int dot = base.indexOf('.');
    base = dot < 0 ? base : base.substring(0, dot);
    return switch (base) {
      case "CPU" -> Device.CPU;
      case "NPU" -> Device.NPU;
      default -> Device.GPU;
    };
  }

  @Override
  public BackendModel open(Path model, LoadOptions options) {
    devices(); // natives present, or a BackendUnavailableException naming the artifact
    return OpenVinoBackendModel.open(model, options);
  }

  @Override
  public java.util.Map<String, String> options() {
    return java.util.Map.of("openvino.*", "an OpenVINO property for compile_model, e.g. openvino.PERFORMANCE_HINT=LATENCY");
  }
}
