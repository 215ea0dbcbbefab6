package io.slm4j.llama;

import static io.slm4j.llama.global.llama.*;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;

/**
 * One-time process setup for llama.cpp: loads the JNI library and the llama/ggml libraries from the
 * classifier jar, routes native logging to Java ({@link LlamaLog}), points ggml's dynamic backend
 * loader at the extracted backend libraries (one CPU variant per instruction set; CUDA in the
 * {@code -cuda} jar), and initialises the llama backend.
 *
 * <p>Call {@link #init()} before any other llama.cpp function. It is idempotent and thread-safe.
 */
public final class LlamaNatives {
  private static String backendDir;

  private LlamaNatives() {}

  /**
   * Initialises llama.cpp once per process.
   *
   * @return the folder ggml loaded its backends from
   * @throws LlamaException if the natives for this platform are missing or no backend loads
   */
  public static synchronized String init() {
    if (backendDir != null) {
      return backendDir;
    }
    try {
      Loader.load(io.slm4j.llama.global.llama.class);
    } catch (UnsatisfiedLinkError e) {
      throw new LlamaException("llama.cpp natives for " + Loader.getPlatform()
          + " are not on the class path: add io.slm4j:llama-cpp with classifier "
          + Loader.getPlatform() + " (or io.slm4j:llama-cpp-platform)", e);
    }
    LlamaLog.install();
    String dir = extractBackends();
    // ggml scores every CPU variant against the running CPU and keeps the best one.
    ggml_backend_load_all_from_path(dir);
    if (ggml_backend_reg_count() == 0) {
      throw new LlamaException("no ggml backend could be loaded from " + dir + ": "
          + LlamaLog.takeErrors());
    }
    llama_backend_init();
    backendDir = dir;
    return dir;
  }

  /** Names and descriptions of the devices ggml can use, for example {@code CPU (...)}. */
  public static List<String> devices() {
    init();
    List<String> out = new ArrayList<>();
    for (long i = 0, n = ggml_backend_dev_count(); i < n; i++) {
      ggml_backend_device dev = ggml_backend_dev_get(i);
      out.add(ggml_backend_dev_name(dev).getString(UTF_8) + " (" + ggml_backend_dev_description(dev).getString(UTF_8) + ")");
    }
    return out;
  }

  private static String extractBackends() {
    String platform = Loader.getPlatform();
    // The CUDA variant wins when its jar is present, like JavaCPP's own extension lookup.
    for (String candidate : new String[] {platform + "-cuda", platform}) {
      URL url = LlamaNatives.class.getResource(candidate + "/ggml");
      if (url != null) {
        try {
          // Loader extracts a directory recursively only out of a jar; from a class folder (as in
          // this module's own tests) the folder is used where it is.
          File dir = "file".equals(url.getProtocol())
              ? new File(url.toURI())
              : Loader.cacheResource(LlamaNatives.class, candidate + "/ggml");
          return dir.getAbsolutePath();
        } catch (IOException | URISyntaxException e) {
          throw new LlamaException("cannot extract the ggml backends for " + candidate, e);
        }
      }
    }
    throw new LlamaException("no ggml backends for " + platform + " on the class path: add "
        + "io.slm4j:llama-cpp with classifier " + platform);
  }
}
