package io.slm4j.ortgenai;

import static io.slm4j.ortgenai.global.ortgenai.OgaDestroyResult;
import static io.slm4j.ortgenai.global.ortgenai.OgaDestroyString;
import static io.slm4j.ortgenai.global.ortgenai.OgaResultGetError;
import static io.slm4j.ortgenai.global.ortgenai.slm4j_ortgenai_ort_lib_path;

import io.slm4j.ortgenai.global.ortgenai;
import java.io.File;
import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Loading of the natives and the few helpers every caller of the generated bindings needs: turning an
 * {@code OgaResult} into an exception, and moving text across JNI as UTF-8.
 *
 * <p>Thread-safe. {@link #load()} is idempotent.
 */
public final class OrtGenAi {
  private static volatile String ortLibrary;

  private OrtGenAi() {}

  /**
   * Loads ONNX Runtime, ONNX Runtime GenAI and the JNI library from the classifier jar, in that order.
   * Loading the JNI library points GenAI's {@code ORT_LIB_PATH} at the ONNX Runtime extracted beside it
   * (see {@code slm4j_ortgenai_helpers.h}): GenAI consults that variable before any copy found by name or
   * on the library path, so the packaged ONNX Runtime is the one used.
   *
   * @return the path of the ONNX Runtime library GenAI will use
   * @throws OrtGenAiException if GenAI did not load the packaged ONNX Runtime (no classifier
   *     jar for this platform, or a broken one)
   */
  public static String load() {
    String lib = ortLibrary;
    if (lib != null) {
      return lib;
    }
    synchronized (OrtGenAi.class) {
      if (ortLibrary != null) {
        return ortLibrary;
      }
      Loader.load(ortgenai.class);
      String path = borrowedString(slm4j_ortgenai_ort_lib_path());
      String packaged = null;
      for (String file : Loader.getLoadedLibraries().values()) {
        String name = file == null ? "" : new File(file).getName();
        if (name.startsWith("libonnxruntime.") || name.equals("onnxruntime.dll")) {
          packaged = file;
        }
      }
      if (Loader.getPlatform().startsWith("windows")) {
        // No pin library on Windows (declared, not built here): GenAI finds the preloaded onnxruntime.dll.
        ortLibrary = packaged != null ? packaged : "onnxruntime.dll";
        return ortLibrary;
      }
      if (path == null || packaged == null || !new File(path).getAbsoluteFile().toPath().normalize()
          .equals(new File(packaged).getAbsoluteFile().toPath().normalize())) {
        throw new OrtGenAiException("load", null, "GenAI did not load the packaged ONNX Runtime (ORT_LIB_PATH="
            + path + ", loaded " + Loader.getLoadedLibraries().values() + "); is io.slm4j:onnxruntime-genai:"
            + Loader.getPlatform() + " on the class path?");
      }
      ortLibrary = path;
      return path;
    }
  }

  /**
   * The one conversion of GenAI's error object into a Java exception: reads the message, frees the
   * result, and throws. Call it with the return value of every {@code OgaResult*} function.
   *
   * @param operation the name of the C function that returned {@code result}
   * @param result the returned error object; {@code null} means success
   * @throws OrtGenAiException carrying GenAI's message when {@code result} is not {@code null}
   */
  public static void check(String operation, OgaResult result) {
    if (result == null || result.isNull()) {
      return;
    }
    String message;
    try {
      BytePointer text = OgaResultGetError(result);
      message = text == null || text.isNull() ? "(no message)" : text.getString(StandardCharsets.UTF_8);
    } finally {
      OgaDestroyResult(result);
    }
    throw new OrtGenAiException(operation, message, null);
  }

  /**
   * @param text a Java string
   * @return a NUL-terminated UTF-8 copy in native memory (freed with the pointer)
   */
  public static BytePointer utf8(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    BytePointer p = new BytePointer(bytes.length + 1L);
    p.put(bytes).put(bytes.length, (byte) 0);
    return p;
  }

  /**
   * Reads a NUL-terminated UTF-8 string owned by GenAI without freeing it.
   *
   * @param text borrowed native string, may be {@code null}
   * @return the decoded text, or {@code null}
   */
  public static String borrowedString(BytePointer text) {
    return text == null || text.isNull() ? null : text.getString(StandardCharsets.UTF_8);
  }

  /**
   * Reads a NUL-terminated UTF-8 string that the caller owns and frees it with {@code OgaDestroyString}.
   *
   * @param text owned native string, may be {@code null}
   * @return the decoded text, or {@code null}
   */
  public static String ownedString(BytePointer text) {
    if (text == null || text.isNull()) {
      return null;
    }
    try {
      return text.getString(StandardCharsets.UTF_8);
    } finally {
      OgaDestroyString(text);
    }
  }
}
