package io.slm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slm4j.fixtures.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar run as a user runs it: a separate process, stdout and stderr apart, the chat REPL
 * on a real terminal (tmux), and `slm serve` driven by the official Python openai client.
 */
class SlmCliIT {
  private static final Path JAR = Path.of(System.getProperty("slm.jar", "target/slm.jar"));
  private static final Path SMOLLM2 = Fixtures.get("smollm2-gguf-f32");

  record Result(int code, String out, String err) {}

  static Result slm(String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("SLM_DEFAULT_MODEL");
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    var err = p.getErrorStream();
    var errText = new java.util.concurrent.CompletableFuture<String>();
    new Thread(() -> {
      try {
        errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        errText.completeExceptionally(e);
      }
    }).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "slm " + String.join(" ", args) + " did not end");
    return new Result(p.exitValue(), out, errText.get(10, TimeUnit.SECONDS));
  }

  @Test
  void runPrintsOnlyTheAnswerOnStdoutWithoutAnsiCodes() throws Exception {
    Result r = slm("", "run", "-m", SMOLLM2.toString(), "--temp", "0", "-n", "24", "--stats",
        "What is the capital of France? Answer in one sentence.");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Paris"), r.out());
    assertEquals(1, r.out().strip().lines().count(), "stdout holds the answer only: " + r.out());
    assertFalse(r.out().contains("\u001b") || r.err().contains("\u001b"), "ANSI codes without a terminal");
    assertTrue(r.err().contains("decode"), "stats go to stderr: " + r.err());
    assertFalse(r.err().contains("llama_model_loader") || r.err().contains("load:"), "native logs without --verbose: " + r.err());
  }

  @Test
  void badInputGivesAClearErrorAndExitCode2() throws Exception {
    Result schema = slm("", "run", "-m", SMOLLM2.toString(), "--json-schema", "{\"type\":\"object\"}", "hi");
    assertEquals(2, schema.code());
    assertTrue(schema.err().contains("--json-schema is not supported yet"), schema.err());
    Result missing = slm("", "run", "-m", "/no/such/model.gguf", "hi");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("does not exist"), missing.err());
    Result noModel = slm("", "info");
    assertEquals(2, noModel.code());
    assertTrue(noModel.err().contains("SLM_DEFAULT_MODEL"), noModel.err());
  }

  @Test
  void devicesListsEveryBackend() throws Exception {
    Result r = slm("", "devices");
    assertEquals(0, r.code(), r.err());
    for (String b : List.of("llama-cpp", "onnxruntime-genai", "openvino")) {
      assertTrue(r.out().contains(b + "\tcpu"), r.out());
    }
  }

  @Test
  void quantizeThenInfoShowsTheNewType(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("tiny-q8.gguf");
    Result q = slm("", "quantize", Fixtures.get("tiny-gguf-f32").toString(), out.toString(), "q8_0");
    assertEquals(0, q.code(), q.err());
    Result info = slm("", "info", "-m", out.toString());
    assertEquals(0, info.code(), info.err());
    assertTrue(info.out().contains("quantization:   Q8_0"), info.out());
    Result bad = slm("", "quantize", Fixtures.get("tiny-gguf-f32").toString(), out.toString(), "Q9_9");
    assertEquals(2, bad.code());
  }

  @Test
  void pipedChatKeepsTheConversationAndResets() throws Exception {
    String[] chat = {"chat", "-m", SMOLLM2.toString(), "--temp", "0", "-n", "30"};
    Result r = slm("My name is Ada.\nWhat is my name?\n/reset\nWhat is my name?\n/system You answer in one word.\n"
        + "What is the capital of France?\n/exit\n", chat);
    assertEquals(0, r.code(), r.err());
    List<String> answers = r.out().strip().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(4, answers.size(), r.out());
    // Greedy decoding: the same question gives the same answer unless the history differs, so the
    // second turn differs from the one after /reset exactly when the conversation was kept and cleared.
    Result fresh = slm("What is my name?\n/exit\n", chat);
    String alone = fresh.out().strip();
    assertFalse(answers.get(1).equals(alone), "the second turn sees the first: " + answers);
    assertEquals(alone, answers.get(2), "/reset starts a fresh conversation");
    assertTrue(answers.get(3).contains("Paris"), answers.toString());
    assertTrue(r.err().contains("(conversation cleared)"), r.err());
  }

  @Test
  void ctrlCOnATerminalStopsTheAnswerNotTheProgram() throws Exception {
    String session = "slm-it-" + ProcessHandle.current().pid();
    tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50",
        "java -jar " + JAR + " chat -m " + SMOLLM2 + " --temp 0.9 --seed 1 -n 100000 --ctx 8192");
    try {
      waitFor(session, ">", 60); // capture-pane drops the trailing space of "> "
      tmux("send-keys", "-t", session, "Write a very long story about a dragon.", "Enter");
      Thread.sleep(3000); // it is generating now
      tmux("send-keys", "-t", session, "C-c");
      waitFor(session, "(stopped)", 20);
      tmux("send-keys", "-t", session, "What is the capital of France?", "Enter");
      waitFor(session, "Paris", 60);
      tmux("send-keys", "-t", session, "/exit", "Enter");
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (tmuxOk("has-session", "-t", session) && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertFalse(tmuxOk("has-session", "-t", session), "/exit ends the program");
    } finally {
      tmuxOk("kill-session", "-t", session);
    }
  }

  @Test
  void servesThreeFormatsToThePythonOpenAiClient() throws Exception {
    Path python = venvPython();
    Process server = new ProcessBuilder("java", "-jar", JAR.toString(), "serve", "--port", "0", "--api-key", "k",
        "-m", "smollm2-gguf=" + SMOLLM2, "-m", "smollm2-genai=" + Fixtures.get("smollm2-genai"),
        "-m", "smollm2-ov=" + Fixtures.get("smollm2-ov"), "--threads", "2", "--ctx", "512").start();
    try {
      BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
      String line = err.readLine();
      Matcher m = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)").matcher(String.valueOf(line));
      assertTrue(m.find(), "serve announces its address: " + line);
      Process client = new ProcessBuilder(python.toString(), "src/test/python/openai_client.py", m.group(1), "k",
          "smollm2-gguf", "smollm2-genai", "smollm2-ov").redirectErrorStream(true).start();
      String transcript = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(client.waitFor(300, TimeUnit.SECONDS));
      Files.writeString(Path.of("target/python-client-transcript.txt"), transcript);
      assertEquals(0, client.exitValue(), transcript);
      assertTrue(transcript.contains("python client: ok"), transcript);
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** A venv with the pinned openai client, made once in the cache. */
  static Path venvPython() throws Exception {
    Path venv = Path.of(System.getProperty("slm4j.cache", System.getProperty("user.home") + "/.cache/slm4j"), "venv-openai-3.51.0");
    Path py = venv.resolve("bin/python");
    if (!Files.exists(venv.resolve(".slm4j-complete"))) {
      run("python3", "-m", "venv", venv.toString());
      run(py.toString(), "-m", "pip", "install", "-q", "--disable-pip-version-check", "openai==3.51.0");
      Files.createFile(venv.resolve(".slm4j-complete"));
    }
    return py;
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd));
  }

  private static void tmux(String... args) throws Exception {
    assertTrue(tmuxOk(args), "tmux " + String.join(" ", args));
  }

  private static boolean tmuxOk(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private static void waitFor(String session, String text, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    String screen = "";
    while (System.nanoTime() < deadline) {
      Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-t", session, "-S", "-200").start();
      screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      if (screen.contains(text)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("'" + text + "' did not appear in " + seconds + " s; screen:\n" + screen);
  }
}
