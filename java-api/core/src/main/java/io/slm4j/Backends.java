package io.slm4j;

import io.slm4j.spi.BackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Backend discovery and selection: explicit choice, then model format, then devices. */
final class Backends {
  /** Backend id to the artifact that provides it, in the order formats are preferred. */
  static final Map<String, String> ARTIFACTS = new LinkedHashMap<>();

  static {
    ARTIFACTS.put("llama-cpp", "io.slm4j:slm4j-llama-cpp");
    ARTIFACTS.put("onnxruntime-genai", "io.slm4j:slm4j-onnxruntime-genai");
    ARTIFACTS.put("openvino", "io.slm4j:slm4j-openvino");
  }

  private static volatile List<BackendProvider> installed;

  private Backends() {}

  /** @return the providers on the class path, found once */
  static List<BackendProvider> installed() {
    List<BackendProvider> list = installed;
    if (list == null) {
      list = new ArrayList<>();
      for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
        list.add(p);
      }
      installed = list = List.copyOf(list);
    }
    return list;
  }

  /**
   * The backend ids whose format {@code model} has, best first. Decided from names alone, so it
   * works without any backend installed.
   */
  static List<String> formatsOf(Path model) {
    List<String> ids = new ArrayList<>();
    if (Files.isRegularFile(model) && model.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gguf")) {
      ids.add("llama-cpp");
    }
    if (Files.isDirectory(model)) {
      if (Files.isRegularFile(model.resolve("genai_config.json"))) {
        ids.add("onnxruntime-genai");
      }
      if (Files.isRegularFile(model.resolve("openvino_model.xml"))) {
        ids.add("openvino");
      }
    }
    return ids;
  }

  /**
   * Chooses the provider for a model.
   *
   * @param backend an explicit backend id, or {@code null}
   * @throws ModelNotFoundException if the path does not exist
   * @throws UnsupportedModelException if no backend reads its format
   * @throws BackendUnavailableException if the needed backend is not installed or lacks the device
   */
  static BackendProvider select(Path model, String backend, Device device, List<BackendProvider> providers) {
    if (!Files.exists(model)) {
      throw new ModelNotFoundException("model not found: " + model.toAbsolutePath());
    }
    if (!Files.isReadable(model)) {
      throw new ModelNotFoundException("model not readable: " + model.toAbsolutePath());
    }
    List<String> formats = formatsOf(model);
    if (backend != null) {
      BackendProvider chosen = find(backend, providers);
      if (chosen == null) {
        throw unavailable(backend, providers);
      }
      if (!chosen.accepts(model)) {
        throw new UnsupportedModelException("backend " + backend + " does not read " + model + " ("
            + describe(formats) + ")");
      }
      checkDevice(chosen, device);
      return chosen;
    }
    if (formats.isEmpty()) {
      throw new UnsupportedModelException("not a model slm4j can read: " + model.toAbsolutePath()
          + " (expected a .gguf file, a folder with genai_config.json, or a folder with openvino_model.xml)");
    }
    BackendUnavailableException firstProblem = null;
    for (String id : formats) {
      BackendProvider p = find(id, providers);
      if (p == null) {
        if (firstProblem == null) {
          firstProblem = unavailable(id, providers);
        }
        continue;
      }
      try {
        checkDevice(p, device);
        return p;
      } catch (BackendUnavailableException e) {
        if (firstProblem == null) {
          firstProblem = e;
        }
      }
    }
    throw firstProblem;
  }

  private static void checkDevice(BackendProvider p, Device device) {
    if (device == Device.AUTO || device == Device.CPU) {
      return; // every backend has a CPU; AUTO is the backend's own choice
    }
    List<DeviceInfo> seen = p.devices();
    for (DeviceInfo d : seen) {
      if (d.device() == device) {
        return;
      }
    }
    throw new BackendUnavailableException("device " + device + " was asked for, but " + p.id()
        + " sees only " + seen + " on this machine" + (device == Device.CUDA
        ? " (for CUDA add the -cuda natives, for example io.slm4j:llama-cpp-platform-gpu, and check the driver)" : ""));
  }

  private static BackendProvider find(String id, List<BackendProvider> providers) {
    for (BackendProvider p : providers) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    return null;
  }

  private static BackendUnavailableException unavailable(String id, List<BackendProvider> providers) {
    String artifact = ARTIFACTS.get(id);
    List<String> have = new ArrayList<>();
    for (BackendProvider p : providers) {
      have.add(p.id());
    }
    if (artifact == null) {
      return new BackendUnavailableException("unknown backend '" + id + "': the backends are " + ARTIFACTS.keySet()
          + "; installed: " + have);
    }
    return new BackendUnavailableException("backend " + id + " is not on the class path: add the dependency "
        + artifact + " (installed backends: " + have + ")");
  }

  private static String describe(List<String> formats) {
    return formats.isEmpty() ? "no known model format" : "its format is read by " + formats;
  }

  /**
   * Rejects {@code option()} keys that no installed backend reads, naming the keys the selected one
   * knows. Keys of another installed backend pass: code written for several formats may set each.
   */
  static void checkOptions(java.util.Set<String> keys, BackendProvider selected, List<BackendProvider> providers) {
    for (String key : keys) {
      if (key.startsWith("slm4j.")) {
        continue; // core's own settings, set through the builder's methods
      }
      boolean known = false;
      for (BackendProvider p : providers) {
        if (knows(p.options(), key)) {
          known = true;
          break;
        }
      }
      if (!known) {
        Map<String, String> options = selected.options();
        throw new IllegalArgumentException("unknown option '" + key + "'; " + selected.id()
            + (options.isEmpty() ? " takes no options" : " knows: " + options.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(java.util.stream.Collectors.joining(", "))));
      }
    }
  }

  private static boolean knows(Map<String, String> options, String key) {
    for (String k : options.keySet()) {
      if (k.equals(key) || (k.endsWith(".*") && key.startsWith(k.substring(0, k.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
