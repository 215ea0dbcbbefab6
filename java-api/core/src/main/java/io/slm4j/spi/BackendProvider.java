package io.slm4j.spi;

import io.slm4j.DeviceInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * One runtime, found with {@link java.util.ServiceLoader} (register the implementation in
 * {@code META-INF/services/io.slm4j.spi.BackendProvider}). Implementations must construct without
 * loading native code: {@link #devices()} and {@link #open} are the first calls allowed to.
 */
public interface BackendProvider {
  /** @return the backend id: {@code llama-cpp}, {@code onnxruntime-genai} or {@code openvino} */
  String id();

  /**
   * @param model an existing file or folder
   * @return whether this backend reads the model's format (a cheap check of names, no native code)
   */
  boolean accepts(Path model);

  /**
   * @return the devices this runtime sees on this machine; loads the natives
   * @throws io.slm4j.BackendUnavailableException if the natives for this platform are missing
   */
  List<DeviceInfo> devices();

  /**
   * Loads a model. Validates the input in Java before native code sees it.
   *
   * @param model a file or folder {@link #accepts} accepted
   * @param options load options
   * @return the loaded model, owned by the caller
   * @throws io.slm4j.Slm4jException a subclass naming what went wrong
   */
  BackendModel open(Path model, LoadOptions options);

  /**
   * @return the {@code option()} keys this backend reads (each prefixed by its id), with what each
   *     does; a key ending in {@code .*} stands for every key under that prefix. slm4j rejects keys
   *     that no installed backend knows.
   */
  default java.util.Map<String, String> options() {
    return java.util.Map.of();
  }
}
