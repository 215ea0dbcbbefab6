package io.slm4j.backend.openvino;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to load a model folder: the OpenVINO device, an optional compile-cache folder and extra
 * OpenVINO properties for the language model. Immutable; build with {@link #builder()}.
 */
public final class LoadOptions {
  private final String device;
  private final Path cacheDir;
  private final Map<String, String> properties;

  private LoadOptions(Builder b) {
    this.device = b.device;
    this.cacheDir = b.cacheDir;
    this.properties = Map.copyOf(b.properties);
  }

  /** @return defaults: device {@code CPU}, no compile cache, no extra properties */
  public static LoadOptions defaults() {
    return builder().build();
  }

  /** @return a builder with the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the OpenVINO device string, e.g. {@code CPU}, {@code GPU.1}, {@code AUTO:GPU,CPU} */
  public String device() {
    return device;
  }

  /** @return the compile-cache folder ({@code CACHE_DIR}), or {@code null} for none */
  public Path cacheDir() {
    return cacheDir;
  }

  /** @return extra properties passed when compiling the language model */
  public Map<String, String> properties() {
    return properties;
  }

  /** Builder of {@link LoadOptions}. Not thread-safe. */
  public static final class Builder {
    private String device = "CPU";
    private Path cacheDir;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder() {}

    /**
     * @param device {@code CPU}, {@code GPU}, {@code NPU}, {@code AUTO} or any OpenVINO device
     *     string; checked against the available devices when loading
     * @return this builder
     */
    public Builder device(String device) {
      Objects.requireNonNull(device, "device");
      if (device.isBlank()) {
        throw new IllegalArgumentException("device must not be blank");
      }
      this.device = device.strip();
      return this;
    }

    /**
     * @param cacheDir folder where OpenVINO keeps compiled blobs so later loads are faster
     *     (created if missing), or {@code null} for none
     * @return this builder
     */
    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = cacheDir;
      return this;
    }

    /**
     * @param key an OpenVINO property key, e.g. {@code INFERENCE_NUM_THREADS}
     * @param value its value as OpenVINO parses it
     * @return this builder
     */
    public Builder property(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      properties.put(key, value);
      return this;
    }

    /** @return the options */
    public LoadOptions build() {
      return new LoadOptions(this);
    }
  }
}
