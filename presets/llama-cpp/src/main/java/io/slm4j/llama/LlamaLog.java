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

  /**
   * Holds this thread's error lines back from the logger until {@link #endHold}: llama.cpp logs an
   * abort the caller asked for (a cancelled decode) as errors, and a cancel is not an error.
   */
  public static void hold() {
    HELD.get().clear();
    ERRORS.get().setLength(0); // what a failure now reports is this call's
    HOLDING.set(Boolean.TRUE);
  }

  /**
   * Ends {@link #hold()}: logs the held lines as errors, or at debug level when {@code expected}.
   *
   * @param expected whether the failure they report was asked for
   */
  public static void endHold(boolean expected) {
    HOLDING.set(Boolean.FALSE);
    java.util.List<String> held = HELD.get();
    for (String m : held) {
      // The first character keeps the line's own level: E(rror) or W(arning).
      LOG.log(expected ? Level.DEBUG : m.charAt(0) == 'E' ? Level.ERROR : Level.WARNING, m.substring(1));
    }
    held.clear();
  }

  private static final ThreadLocal<Boolean> HOLDING = ThreadLocal.withInitial(() -> Boolean.FALSE);
  private static final ThreadLocal<java.util.List<String>> HELD = ThreadLocal.withInitial(java.util.ArrayList::new);

  private static void emit(int level, String message) {
    if (message.isBlank()) {
      return;
    }
    if (HOLDING.get() && (level == GGML_LOG_LEVEL_ERROR || level == GGML_LOG_LEVEL_WARN)) {
      java.util.List<String> held = HELD.get();
      if (held.size() < 64) {
        held.add((level == GGML_LOG_LEVEL_ERROR ? "E" : "W") + message);
      }
      if (level == GGML_LOG_LEVEL_ERROR) {
        StringBuilder errors = ERRORS.get();
        if (errors.length() < 4096) {
          errors.append(message.strip()).append('\n');
        }
      }
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
