package io.slm4j;

import io.slm4j.spi.BackendModel;
import io.slm4j.spi.BackendProvider;
import io.slm4j.spi.LoadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Entry point: {@code Slm.load(path)...open()} loads a model with the backend its format needs.
 *
 * <pre>{@code
 * try (SlmModel model = Slm.load(Path.of("model.gguf")).onProgress(p -> true).open()) {
 *   System.out.println(model.generate("Hello", GenerationConfig.defaults()));
 * }
 * }</pre>
 *
 * <p>Backends are the {@link io.slm4j.spi.BackendProvider}s on the class path (artifacts
 * {@code slm4j-llama-cpp}, {@code slm4j-onnxruntime-genai}, {@code slm4j-openvino}). This class loads
 * no native code itself.
 */
public final class Slm {
  private Slm() {}

  /**
   * @param model a {@code .gguf} file, a folder with {@code genai_config.json} (ONNX Runtime GenAI),
   *     or a folder with {@code openvino_model.xml} (OpenVINO)
   * @return a builder of load options
   */
  public static Builder load(Path model) {
    return new Builder(Objects.requireNonNull(model, "model"), Backends.installed());
  }

  /** @return the ids of the backends on the class path */
  public static List<String> backends() {
    List<String> ids = new ArrayList<>();
    for (BackendProvider p : Backends.installed()) {
      ids.add(p.id());
    }
    return ids;
  }

  /**
   * Lists what each installed runtime sees on this machine. Loads the runtimes' natives.
   *
   * @return the devices, by backend; a backend whose natives are missing maps to an empty list
   */
  public static Map<String, List<DeviceInfo>> devices() {
    Map<String, List<DeviceInfo>> out = new LinkedHashMap<>();
    for (BackendProvider p : Backends.installed()) {
      try {
        out.put(p.id(), p.devices());
      } catch (BackendUnavailableException e) {
        out.put(p.id(), List.of());
      }
    }
    return out;
  }

  /** Load options; {@link #open()} loads. Not thread-safe. */
  public static final class Builder {
    private final Path model;
    private final List<BackendProvider> providers;
    private String backend;
    private Device device = Device.AUTO;
    private int threads;
    private int contextSize;
    private int gpuLayers = -1;
    private ProgressListener progress;
    private int parallel;
    private java.time.Duration queueTimeout = DEFAULT_QUEUE_TIMEOUT;
    private final Map<String, String> options = new LinkedHashMap<>();

    Builder(Path model, List<BackendProvider> providers) {
      this.model = model;
      this.providers = providers;
    }

    /**
     * @param id {@code llama-cpp}, {@code onnxruntime-genai} or {@code openvino}; wins over the format
     * @return this builder
     */
    public Builder backend(String id) {
      this.backend = Objects.requireNonNull(id, "backend");
      return this;
    }

    /**
     * @param d the device; {@link Device#AUTO} (the default) lets the backend choose
     * @return this builder
     */
    public Builder device(Device d) {
      this.device = Objects.requireNonNull(d, "device");
      return this;
    }

    /**
     * @param n CPU threads for the whole model, shared by all its concurrent generations (default:
     *     the physical cores on llama.cpp, the runtime's own choice elsewhere)
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder threads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + n);
      }
      threads = n;
      return this;
    }

    /**
     * @param tokens the context window, at least 16 tokens (default: the model's, at most 4096)
     * @return this builder
     * @throws IllegalArgumentException if {@code tokens < 16}
     */
    public Builder contextSize(int tokens) {
      if (tokens < 16) {
        throw new IllegalArgumentException("contextSize must be at least 16 tokens, got " + tokens);
      }
      contextSize = tokens;
      return this;
    }

    /**
     * @param n layers to put on the GPU (0: none; default: all when a GPU is used)
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder gpuLayers(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("gpuLayers must be >= 0, got " + n);
      }
      gpuLayers = n;
      return this;
    }

    /**
     * @param listener receives progress from 0 to 1; returning {@code false} cancels the load
     * @return this builder
     */
    public Builder onProgress(ProgressListener listener) {
      this.progress = listener;
      return this;
    }

    /**
     * How many generations (streams, chat turns, blocking calls) run at once; more callers wait in a
     * queue. Default: as many sessions as fit into an eighth of the machine's memory, at most 4. On
     * llama.cpp they share one context and run as one batch per step.
     *
     * @param sequences at least 1
     * @return this builder
     */
    public Builder parallel(int sequences) {
      if (sequences < 1) {
        throw new IllegalArgumentException("parallel must be at least 1, got " + sequences);
      }
      parallel = sequences;
      return this;
    }

    /**
     * Uses this Jinja chat template instead of the model's own (for chat sessions and
     * {@link io.slm4j.chat.ChatPrompt}).
     *
     * @param source the template's Jinja source
     * @return this builder
     */
    public Builder chatTemplate(String source) {
      options.put(io.slm4j.spi.ChatTemplates.OPTION, Objects.requireNonNull(source, "source"));
      return this;
    }

    /**
     * How long a caller waits for a free session before {@link ModelBusyException}. Default 2 minutes;
     * {@link java.time.Duration#ZERO} fails at once when all are busy (what a server wants for a 503).
     *
     * @param timeout not negative
     * @return this builder
     */
    public Builder queueTimeout(java.time.Duration timeout) {
      if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
        throw new IllegalArgumentException("queueTimeout must not be negative, got " + timeout);
      }
      queueTimeout = timeout;
      return this;
    }

    /**
     * Uses the Jinja chat template in this file (a {@code .jinja} file) instead of the model's own.
     *
     * @param file the template file, read now as UTF-8
     * @return this builder
     * @throws ModelLoadException if the file cannot be read
     */
    public Builder chatTemplate(Path file) {
      try {
        return chatTemplate(java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
      } catch (java.io.IOException e) {
        throw new ModelLoadException("cannot read the chat template " + file + ": " + e.getMessage(), e);
      }
    }

    /**
     * Selects the settings under which every backend gives the same token ids for the same weights
     * (llama.cpp: F32 KV cache and no flash attention for F32 models; OpenVINO: F32 inference
     * precision). Off by default: each runtime then uses its own fast defaults.
     *
     * @param on whether to run exactly
     * @return this builder
     */
    public Builder exact(boolean on) {
      options.put(io.slm4j.spi.ChatTemplates.EXACT, Boolean.toString(on));
      return this;
    }

    /**
     * A backend-specific setting, for example {@code llama-cpp.flash_attn=off}. Keys no installed
     * backend knows are rejected by {@link #open()}.
     *
     * @param key the setting, prefixed by the backend id
     * @param value its value
     * @return this builder
     */
    public Builder option(String key, String value) {
      options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Loads the model.
     *
     * @return the model, to be closed by the caller
     * @throws ModelNotFoundException if the path does not exist
     * @throws UnsupportedModelException if no backend reads it
     * @throws BackendUnavailableException if its backend or the device is missing
     * @throws ModelLoadException if the backend failed to load it, or the listener cancelled
     */
    public SlmModel open() {
      BackendProvider provider = Backends.select(model, backend, device, providers);
      Backends.checkOptions(options.keySet(), provider, providers);
      GuardedProgress guarded = progress == null ? null : new GuardedProgress(progress);
      BackendModel loaded;
      try {
        loaded = provider.open(model, new LoadOptions(device, threads, contextSize, gpuLayers, guarded,
            Map.copyOf(options), parallel));
      } catch (RuntimeException e) {
        if (guarded != null && guarded.thrown != null) {
          throw guarded.failure(e);
        }
        throw e;
      }
      try {
        if (guarded != null && guarded.thrown != null) {
          throw guarded.failure(null);
        }
        int trained = loaded.info().contextLength();
        if (contextSize > 0 && trained > 0 && contextSize > trained) {
          // One rule on every backend: no silent clamping, no silent running past what RoPE was trained for.
          throw new IllegalArgumentException("contextSize " + contextSize + " is larger than the " + trained
              + " tokens the model was trained for; ask for at most " + trained);
        }
        return new SlmModel(loaded, new LoadOptions(device, threads, contextSize, gpuLayers, null, Map.of(), parallel),
            queueTimeout);
      } catch (RuntimeException | Error e) {
        loaded.close();
        throw e;
      }
    }
  }

  /** Default of {@link Builder#queueTimeout}. */
  static final java.time.Duration DEFAULT_QUEUE_TIMEOUT = java.time.Duration.ofMinutes(2);

  /**
   * A progress listener that throws is treated the same on every backend: the exception never
   * unwinds through a runtime's native callback; the load stops and fails with {@link ModelLoadException}.
   */
  private static final class GuardedProgress implements ProgressListener {
    private final ProgressListener user;
    volatile Throwable thrown;

    GuardedProgress(ProgressListener user) {
      this.user = user;
    }

    @Override
    public boolean onProgress(float fraction) {
      if (thrown != null) {
        return false;
      }
      try {
        return user.onProgress(fraction);
      } catch (RuntimeException | Error e) {
        thrown = e;
        return false;
      }
    }

    ModelLoadException failure(RuntimeException suppressed) {
      ModelLoadException e = new ModelLoadException("the progress listener threw " + thrown + "; the load was stopped",
          thrown);
      if (suppressed != null && suppressed != thrown) {
        e.addSuppressed(suppressed);
      }
      return e;
    }
  }
}
