package io.slm4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The chat loop's input: JLine (editing, history) on a terminal, plain lines from a pipe. Ctrl-C
 * while an answer is generated runs the interrupt action (stop the answer); Ctrl-C at the prompt
 * clears the line, and Ctrl-D (end of input) ends the loop, so Ctrl-C never kills a conversation.
 */
abstract class Repl implements AutoCloseable {
  protected volatile Runnable onInterrupt = () -> { };
  protected volatile boolean generating;

  static Repl open() throws IOException {
    return System.console() != null ? new Jline() : new Plain();
  }

  void onInterrupt(Runnable r) {
    onInterrupt = r;
  }

  void generating(boolean g) {
    generating = g;
  }

  /** @return the next line, or {@code null} at end of input */
  abstract String readLine(String prompt) throws IOException;

  @Override
  public void close() throws IOException { }

  private static final class Jline extends Repl {
    private final Terminal terminal;
    private final LineReader reader;

    Jline() throws IOException {
      terminal = TerminalBuilder.builder().system(true).build();
      reader = LineReaderBuilder.builder().terminal(terminal).build();
      terminal.handle(Terminal.Signal.INT, s -> {
        if (generating) {
          onInterrupt.run();
        }
      });
    }

    @Override
    String readLine(String prompt) {
      try {
        return reader.readLine(prompt);
      } catch (UserInterruptException e) {
        return "";
      } catch (EndOfFileException e) {
        return null;
      }
    }

    @Override
    public void close() throws IOException {
      terminal.close();
    }
  }

  private static final class Plain extends Repl {
    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    @SuppressWarnings("removal")
    Plain() {
      // Without a terminal nobody types Ctrl-C, but a supervisor may send SIGINT: stop the answer
      // first, and exit only when idle, as on a terminal.
      try {
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> {
          if (generating) {
            onInterrupt.run();
          } else {
            System.exit(130);
          }
        });
      } catch (IllegalArgumentException e) {
        // the JVM was started with -Xrs: keep the default behaviour
      }
    }

    @Override
    String readLine(String prompt) throws IOException {
      System.err.print(prompt);
      System.err.flush();
      return in.readLine();
    }
  }
}
