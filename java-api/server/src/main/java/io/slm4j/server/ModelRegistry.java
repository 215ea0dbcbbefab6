package io.slm4j.server;

import io.slm4j.Device;
import io.slm4j.Slm;
import io.slm4j.Slm4jException;
import io.slm4j.SlmModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The models a server offers, by name. A model loads on its first request (lazily, once, under a
 * per-name lock so two first requests do not load it twice) and stays loaded until {@link #close()}.
 * Thread-safe.
 */
public final class ModelRegistry implements AutoCloseable {
  /**
   * How to load one model.
   *
   * @param name the name clients use in the {@code model} field
   * @param path a .gguf file, or a GenAI / OpenVINO folder
   * @param backend a backend id, or {@code null} to let slm4j pick from the format
   * @param device the device
   * @param threads CPU threads, or 0 for the backend's default
   * @param contextSize context window in tokens, or 0 for the backend's default
   */
  public record Spec(String name, Path path, String backend, Device device, int threads, int contextSize) {
    public Spec {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(device, "device");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a model name must not be blank");
      }
    }
  }

  private final Map<String, Spec> specs = new LinkedHashMap<>();
  private final Map<String, SlmModel> loaded = new LinkedHashMap<>();
  private final Map<String, Object> locks = new LinkedHashMap<>();
  private final long createdSeconds = System.currentTimeMillis() / 1000;
  private boolean closed;

  /**
   * Adds a model.
   *
   * @param spec how to load it
   * @return this registry
   * @throws IllegalArgumentException if the name is taken or the path does not exist
   */
  public synchronized ModelRegistry add(Spec spec) {
    if (specs.containsKey(spec.name())) {
      throw new IllegalArgumentException("two models are named " + spec.name());
    }
    if (!Files.exists(spec.path())) {
      throw new IllegalArgumentException("model " + spec.name() + ": " + spec.path() + " does not exist");
    }
    specs.put(spec.name(), spec);
    locks.put(spec.name(), new Object());
    return this;
  }

  /** @return the specs, in the order they were added */
  public synchronized List<Spec> specs() {
    return new ArrayList<>(specs.values());
  }

  /** @return the names of the models loaded so far */
  public synchronized List<String> loadedNames() {
    return new ArrayList<>(loaded.keySet());
  }

  long createdSeconds() {
    return createdSeconds;
  }

  /**
   * The spec of a model by name; the only model when {@code name} is null or empty and there is one.
   *
   * @param name the requested name
   * @return its spec
   * @throws ApiException 404 when there is no such model
   */
  public synchronized Spec spec(String name) {
    if ((name == null || name.isEmpty()) && specs.size() == 1) {
      return specs.values().iterator().next();
    }
    Spec s = name == null ? null : specs.get(name);
    if (s == null) {
      throw new ApiException(404, "invalid_request_error", "model_not_found", "model",
          "The model '" + name + "' does not exist; this server has " + specs.keySet());
    }
    return s;
  }

  /**
   * The loaded model of a name, loading it on first use.
   *
   * @param name the requested name
   * @return the model (owned by this registry: do not close it)
   * @throws ApiException 404 for an unknown name, 503 when it cannot be loaded or the server is closing
   */
  public SlmModel get(String name) {
    Spec spec = spec(name);
    Object lock;
    synchronized (this) {
      checkOpen();
      SlmModel m = loaded.get(spec.name());
      if (m != null) {
        return m;
      }
      lock = locks.get(spec.name());
    }
    synchronized (lock) {
      synchronized (this) {
        checkOpen();
        SlmModel m = loaded.get(spec.name());
        if (m != null) {
          return m;
        }
      }
      SlmModel m;
      try {
        Slm.Builder b = Slm.load(spec.path()).device(spec.device());
        if (spec.backend() != null) {
          b.backend(spec.backend());
        }
        if (spec.threads() > 0) {
          b.threads(spec.threads());
        }
        if (spec.contextSize() > 0) {
          b.contextSize(spec.contextSize());
        }
        m = b.open();
      } catch (Slm4jException | IllegalArgumentException e) {
        throw new ApiException(503, "server_error", "model_unavailable", "model",
            "The model '" + spec.name() + "' could not be loaded: " + e.getMessage());
      }
      synchronized (this) {
        if (closed) {
          m.close();
          checkOpen();
        }
        loaded.put(spec.name(), m);
      }
      return m;
    }
  }

  /** @return "gguf", "onnx" or "openvino": the format of a spec's files, without loading them */
  static String format(Spec spec) {
    Path p = spec.path();
    if (Files.isRegularFile(p)) {
      return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf") ? "gguf" : "unknown";
    }
    if (Files.exists(p.resolve("genai_config.json"))) {
      return "onnx";
    }
    return Files.exists(p.resolve("openvino_model.xml")) ? "openvino" : "unknown";
  }

  /** @return bytes of a spec's files (the file, or the folder's files) */
  static long size(Spec spec) {
    try (var s = Files.walk(spec.path())) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new ApiException(503, "server_error", "shutting_down", null, "The server is shutting down");
    }
  }

  /** Closes every loaded model (cancelling their generations). Idempotent. */
  @Override
  public void close() {
    List<SlmModel> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(loaded.values());
      loaded.clear();
    }
    for (SlmModel m : toClose) {
      m.close();
    }
  }
}
