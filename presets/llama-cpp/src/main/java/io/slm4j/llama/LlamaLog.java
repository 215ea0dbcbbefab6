package io.slm4j.llama;

import static io.slm4j.llama.global.llama.*;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Routes llama.cpp's and ggml's log output to {@link System.Logger} {@code io.slm4j.llama.native}
 * (and from there to whatever logging backend the application uses). Installed by {@link
 * LlamaNatives#init()}.
 *
 * <p>Error lines are also remembered per thread, so that a failing call on that thread can put
 * llama.cpp's own explanation into its exception ({@link #takeErrors()}).
 */
public final class LlamaLog {
  private static final Logger LOG = System.getLogger("io.slm4j.llama.native");
  // ggml emits a line in several calls (GGML_LOG_LEVEL_CONT continues the previous level).
  private static final ThreadLocal<StringBuilder> LINE = ThreadLocal.withInitial(StringBuilder::new);
  private static final ThreadLocal<int[]> LINE_LEVEL = ThreadLocal.withInitial(() -> new int[1]);
  private static final ThreadLocal<StringBuilder> ERRORS = ThreadLocal.withInitial(StringBuilder::new);

  /** Strongly held for the life of the process: native code keeps calling it. */
  private static final ggml_log_callback CALLBACK =
      new ggml_log_callback() {
        @Override
        public void call(int level, BytePointer text, Pointer userData) {
          try {
            onLog(level, text == null ? "" : text.getString(StandardCharsets.UTF_8));
          } catch (Throwable t) {
            // An exception must never unwind into native code.
          }
        }
      };

  private LlamaLog() {}

  static void install() {
    llama_log_set(CALLBACK, null);
  }

  /** Returns and clears the error lines logged on this thread since the last call. */
  public static String takeErrors() {
    StringBuilder sb = ERRORS.get();
    String s = sb.toString().strip();
    sb.setLength(0);
    return s;
  }

  private static void onLog(int level, String text) {
    StringBuilder line = LINE.get();
    int[] lineLevel = LINE_LEVEL.get();
    if (level != GGML_LOG_LEVEL_CONT) {
      lineLevel[0] = level;
    }
    line.append(text);
    int nl;
    while ((nl = line.indexOf("\n")) >= 0) {
      emit(lineLevel[0], line.substring(0, nl));
      line.delete(0, nl + 1);
    }
  }

  private static void emit(int level, String message) {
    if (message.isBlank()) {
      return;
    }
    if (level == GGML_LOG_LEVEL_ERROR) {
      StringBuilder errors = ERRORS.get();
      if (errors.length() < 4096) {
        errors.append(message.strip()).append('\n');
      }
    }
    Level l = switch (level) {
      case GGML_LOG_LEVEL_ERROR -> Level.ERROR;
      case GGML_LOG_LEVEL_WARN -> Level.WARNING;
      case GGML_LOG_LEVEL_INFO -> Level.DEBUG; // llama.cpp is chatty at info level
      default -> Level.TRACE;
    };
    LOG.log(l, message);
  }
}
