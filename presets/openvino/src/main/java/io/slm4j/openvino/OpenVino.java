package io.slm4j.openvino;

import static io.slm4j.openvino.global.openvino.OK;
import static io.slm4j.openvino.global.openvino.ov_get_last_err_msg;
import static io.slm4j.openvino.global.openvino.slm4j_ov_get_last_err_msg;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Hand-written helpers beside the generated bindings: status checking, UTF-8 strings, and where
 * the bundled tokenizers extension was extracted.
 *
 * <p>Thread-safe. OpenVINO keeps its last error message per thread, so {@link #check} must run on
 * the thread that made the failing call (it always does when called right after it).
 */
public final class OpenVino {
  private static final String TOKENIZERS_LIBRARY = "libopenvino_tokenizers.so";

  private OpenVino() {}

  /**
   * Loads the natives (JNI library, OpenVINO, its plugins and frontends, the tokenizers extension).
   * Idempotent.
   *
   * @return the folder the natives were loaded from
   * @throws UnsatisfiedLinkError when the classifier jar for this platform is missing
   */
  public static synchronized Path load() {
    String jni = Loader.load(io.slm4j.openvino.global.openvino.class);
    Path dir = Path.of(jni).toAbsolutePath().getParent();
    if (!gpuTuningExtracted) {
      gpuTuningExtracted = true;
      // The GPU plugin reads its kernel tuning table from its own folder; Loader extracts only
      // libraries, so put the table beside them (a no-op when running from target/classes).
      String resource = "/io/slm4j/openvino/" + Loader.getPlatform() + "/cache.json";
      if (!Files.exists(dir.resolve("cache.json"))
          && io.slm4j.openvino.global.openvino.class.getResource(resource) != null) {
        try {
          Loader.cacheResource(io.slm4j.openvino.global.openvino.class, resource);
        } catch (java.io.IOException e) {
          // Without the table the GPU plugin still works, only with untuned kernels.
        }
      }
    }
    return dir;
  }

  private static boolean gpuTuningExtracted;

  /**
   * Turns an {@code ov_status_e} into an exception; the one place where that happens.
   *
   * @param status the value a C API call returned
   * @param call the name of that call, for the message
   * @throws OpenVinoException when {@code status} is not {@code OK}, carrying OpenVINO's message
   */
  public static void check(int status, String call) {
    if (status != OK) {
      // slm4j's own state functions keep their message apart from the C API's (whose storage
      // is internal to libopenvino_c).
      String message = call.startsWith("slm4j_") ? utf8OrEmpty(slm4j_ov_get_last_err_msg())
          : lastErrorMessage();
      throw new OpenVinoException(status, call, message);
    }
  }

  /** @return OpenVINO's last error message on this thread, decoded as UTF-8; empty if none */
  public static String lastErrorMessage() {
    return utf8OrEmpty(ov_get_last_err_msg());
  }

  private static String utf8OrEmpty(BytePointer msg) {
    return msg == null || msg.isNull() ? "" : utf8(msg);
  }

  /**
   * @param s a Java string
   * @return a NUL-terminated UTF-8 copy in native memory (never the platform charset)
   */
  public static BytePointer utf8(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    BytePointer p = new BytePointer(bytes.length + 1L);
    p.put(bytes).put(bytes.length, (byte) 0);
    return p;
  }

  /**
   * @param p a NUL-terminated C string
   * @return its content decoded as UTF-8
   */
  public static String utf8(BytePointer p) {
    byte[] bytes = new byte[(int) BytePointer.strlen(p)];
    p.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The OpenVINO tokenizers extension shipped in the classifier jar, for {@code ov_core_add_extension}.
   *
   * @return the path of the extracted {@code libopenvino_tokenizers.so}
   * @throws IllegalStateException when the extension is not among the loaded natives
   */
  public static Path tokenizersExtension() {
    Path dir = load();
    for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
      String v = e.getValue();
      if (v != null && new File(v).getName().equals(TOKENIZERS_LIBRARY)) {
        return Path.of(v);
      }
    }
    Path beside = dir.resolve(TOKENIZERS_LIBRARY);
    if (Files.isRegularFile(beside)) {
      return beside;
    }
    throw new IllegalStateException(TOKENIZERS_LIBRARY + " is not among the loaded OpenVINO natives ("
        + dir + "); is the io.slm4j:openvino classifier jar for this platform on the class path?");
  }
}
