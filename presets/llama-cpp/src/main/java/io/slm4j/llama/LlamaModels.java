package io.slm4j.llama;

import static io.slm4j.llama.global.llama.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Loads GGUF models after checking in Java what would otherwise reach llama.cpp's file reader:
 * a missing, unreadable, empty or non-GGUF file is an exception here, never a native failure.
 */
public final class LlamaModels {
  /** "GGUF" as the little-endian uint32 that starts every GGUF file. */
  private static final int GGUF_MAGIC = 0x46554747;
  /** Magic, version, tensor count and key-value count. */
  private static final int GGUF_HEADER_BYTES = 4 + 4 + 8 + 8;

  /** Receives load progress from 0 to 1 on the loading thread; returning false cancels. */
  @FunctionalInterface
  public interface ProgressListener {
    boolean onProgress(float progress);
  }

  private LlamaModels() {}

  /**
   * Loads a model with the given parameters (from {@code llama_model_default_params()}).
   *
   * @throws LlamaException if the file is not a readable GGUF file or llama.cpp rejected it (its
   *     error log is in the message)
   */
  public static llama_model load(Path path, llama_model_params params) {
    return load(path, params, null);
  }

  /**
   * Loads a model, reporting progress to {@code listener} (which replaces any progress callback
   * in {@code params}); a listener returning {@code false} cancels the load.
   *
   * @throws LlamaException if the file is not a readable GGUF file, the listener cancelled, the
   *     listener threw, or llama.cpp rejected the file (its error log is in the message)
   */
  public static llama_model load(Path path, llama_model_params params, ProgressListener listener) {
    checkGguf(path);
    LlamaNatives.init();
    LlamaLog.takeErrors();
    boolean[] cancelled = {false};
    RuntimeException[] thrown = {null};
    llama_progress_callback callback = null;
    if (listener != null) {
      callback = new llama_progress_callback() {
        @Override
        public boolean call(float progress, Pointer userData) {
          try {
            cancelled[0] = !listener.onProgress(progress);
          } catch (RuntimeException e) { // never unwind into native code
            thrown[0] = e;
            cancelled[0] = true;
          }
          return !cancelled[0];
        }
      };
      params.progress_callback(callback).progress_callback_user_data(null);
    }
    llama_model model;
    try (BytePointer file = new BytePointer(utf8z(path.toAbsolutePath().toString()))) {
      model = llama_model_load_from_file(file, params);
    } finally {
      if (callback != null) {
        params.progress_callback(null);
        callback.close();
      }
    }
    String errors = LlamaLog.takeErrors();
    if (thrown[0] != null) {
      throw new LlamaException("the progress listener failed while loading " + path, thrown[0]);
    }
    if (model == null || model.isNull()) {
      throw new LlamaException(cancelled[0]
          ? "model load cancelled by the progress listener: " + path
          : "llama.cpp could not load " + path + (errors.isEmpty() ? "" : ": " + errors.replace('\n', ' ')));
    }
    return model;
  }

  /**
   * Checks that {@code path} is a readable file that starts with a GGUF header of a version this
   * llama.cpp reads.
   */
  public static void checkGguf(Path path) {
    if (!Files.exists(path)) {
      throw new LlamaException("model file not found: " + path);
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new LlamaException("not a readable file: " + path);
    }
    byte[] header = new byte[GGUF_HEADER_BYTES];
    int n;
    try (InputStream in = Files.newInputStream(path)) {
      n = in.readNBytes(header, 0, header.length);
    } catch (IOException e) {
      throw new LlamaException("cannot read " + path + ": " + e.getMessage(), e);
    }
    ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    if (n < 4 || b.getInt(0) != GGUF_MAGIC) {
      throw new LlamaException("not a GGUF file (bad magic): " + path);
    }
    if (n < GGUF_HEADER_BYTES) {
      throw new LlamaException("truncated GGUF file (" + n + " bytes): " + path);
    }
    int version = b.getInt(4);
    if (version < 2 || version > 3) {
      throw new LlamaException("unsupported GGUF version " + version + ": " + path);
    }
  }

  static byte[] utf8z(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] z = new byte[b.length + 1];
    System.arraycopy(b, 0, z, 0, b.length);
    return z;
  }
}
