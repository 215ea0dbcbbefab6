package io.slm4j.cli;

import io.slm4j.ChatSession;
import io.slm4j.Device;
import io.slm4j.DeviceInfo;
import io.slm4j.GenerationConfig;
import io.slm4j.GenerationStats;
import io.slm4j.ModelInfo;
import io.slm4j.Slm4jException;
import io.slm4j.SlmModel;
import io.slm4j.server.ModelRegistry;
import io.slm4j.server.SlmServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code slm} command. stdout carries only answers (and the data a command prints); progress,
 * stats and errors go to stderr, so {@code slm run ... > answer.txt} holds just the answer. Nothing
 * here prints ANSI codes: the progress bar appears only on a terminal, and uses a carriage return.
 */
@Command(name = "slm", mixinStandardHelpOptions = true, version = "slm 0.1.0",
    description = "Run small language models locally (llama.cpp, ONNX Runtime GenAI, OpenVINO).",
    subcommands = {Slm.Run.class, Slm.Chat.class, Slm.Info.class, Slm.Devices.class, Slm.Bench.class,
        Slm.Quantize.class, Slm.Serve.class})
public final class Slm {
  /** Exit code for bad usage or a model/request slm4j refused (a typed {@link Slm4jException}). */
  static final int USAGE = 2;

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new Slm());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof Slm4jException || e instanceof IllegalArgumentException) {
        System.err.println("slm: " + e.getMessage());
        return USAGE;
      }
      throw e;
    });
    // picocli colours its help only when it sees a terminal; forbid it outright when stdout is not one.
    if (System.console() == null) {
      cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    }
    System.exit(cl.execute(args));
  }

  /** Options every model command shares. */
  static final class ModelOptions {
    @Option(names = {"-m", "--model"}, description = "a .gguf file or a GenAI/OpenVINO folder (default: SmolLM2-135M-Instruct, $SLM_DEFAULT_MODEL)")
    Path model;
    @Option(names = "--backend", description = "llama-cpp, onnxruntime-genai or openvino (default: from the model's format)")
    String backend;
    @Option(names = "--device", description = "auto, cpu, cuda, gpu, npu, ... (default: ${DEFAULT-VALUE})", defaultValue = "auto")
    String device;
    @Option(names = "--threads", description = "CPU threads (default: the backend's)")
    int threads;
    @Option(names = "--ctx", description = "context window in tokens (default: the backend's)")
    int ctx;
    @Option(names = {"-v", "--verbose"}, description = "show the runtimes' own logs on stderr")
    boolean verbose;

    Path modelPath() {
      if (model != null) {
        return model;
      }
      String d = System.getenv("SLM_DEFAULT_MODEL");
      if (d == null || d.isEmpty()) {
        throw new IllegalArgumentException("no model given (-m MODEL) and SLM_DEFAULT_MODEL is not set (./slm sets it)");
      }
      return Path.of(d);
    }

    Device deviceEnum() {
      try {
        return Device.valueOf(device.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown device '" + device + "'; one of " + java.util.Arrays.toString(Device.values()).toLowerCase(Locale.ROOT));
      }
    }

    SlmModel open() {
      quietNativeLogs(verbose);
      Path p = modelPath();
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("model " + p + " does not exist");
      }
      io.slm4j.Slm.Builder b = io.slm4j.Slm.load(p).device(deviceEnum());
      if (backend != null) {
        b.backend(backend);
      }
      if (threads > 0) {
        b.threads(threads);
      }
      if (ctx > 0) {
        b.contextSize(ctx);
      }
      Progress bar = new Progress();
      b.onProgress(bar::update);
      try {
        return b.open();
      } finally {
        bar.done();
      }
    }
  }

  /** Sampling flags, the same names as llama.cpp's where they exist. */
  static final class Sampling {
    @Option(names = {"-n", "--max-tokens"}, defaultValue = "256", description = "most tokens to generate (default: ${DEFAULT-VALUE})")
    int maxTokens;
    @Option(names = "--temp", description = "temperature; 0 = greedy (default: 0.8)")
    Double temperature;
    @Option(names = "--top-k") Integer topK;
    @Option(names = "--top-p") Double topP;
    @Option(names = "--min-p") Double minP;
    @Option(names = "--repeat-penalty") Double repeatPenalty;
    @Option(names = "--seed", description = "seed for reproducible sampling") Long seed;
    @Option(names = "--stop", description = "stop string (repeatable)") List<String> stop = new ArrayList<>();
    @Option(names = "--json-schema", description = "constrain the answer to a JSON schema (not available yet)")
    String jsonSchema;

    GenerationConfig config() {
      if (jsonSchema != null) {
        // Structured output lands with the constraint package; until then refuse instead of
        // returning free text that a caller would take for schema-conforming JSON.
        throw new IllegalArgumentException("--json-schema is not supported yet (structured output is not in this build)");
      }
      GenerationConfig.Builder c = GenerationConfig.builder().maxTokens(maxTokens).stopStrings(stop);
      if (temperature != null) {
        c.temperature(temperature);
      }
      if (topK != null) {
        c.topK(topK);
      }
      if (topP != null) {
        c.topP(topP);
      }
      if (minP != null) {
        c.minP(minP);
      }
      if (repeatPenalty != null) {
        c.repetitionPenalty(repeatPenalty);
      }
      if (seed != null) {
        c.seed(seed);
      }
      return c.build();
    }
  }

  static void quietNativeLogs(boolean verbose) {
    // The adapters route native logs to System.Logger (java.util.logging by default), which prints
    // INFO to stderr; a CLI answer must not be buried in loader chatter.
    Logger.getLogger("io.slm4j").setLevel(verbose ? Level.ALL : Level.OFF);
    Logger.getLogger("").setLevel(verbose ? Level.INFO : Level.OFF);
  }

  @Command(name = "run", description = "Answer one prompt (chat template applied) and exit.")
  static final class Run implements Callable<Integer> {
    @Mixin ModelOptions mo;
    @Mixin Sampling so;
    @Option(names = "--raw", description = "no chat template: continue the prompt as text") boolean raw;
    @Option(names = "--stats", description = "print timings on stderr") boolean stats;
    @Parameters(arity = "0..*", description = "the prompt (read from stdin when absent)") List<String> words = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      GenerationConfig cfg = so.config();
      String prompt = words.isEmpty() ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip() : String.join(" ", words);
      if (prompt.isEmpty()) {
        throw new IllegalArgumentException("empty prompt");
      }
      PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
      try (SlmModel m = mo.open()) {
        GenerationStats st;
        if (raw) {
          st = m.stream(prompt, cfg, t -> out.print(t));
        } else {
          try (ChatSession c = m.chat()) {
            c.send(prompt, cfg, t -> out.print(t));
            st = c.lastStats();
          }
        }
        out.println();
        if (stats) {
          System.err.println("[" + st + "]");
        }
      }
      return 0;
    }
  }

  @Command(name = "chat", description = "Chat in a loop. /reset clears the conversation, /system TEXT sets instructions, /exit quits; Ctrl-C stops the answer.")
  static final class Chat implements Callable<Integer> {
    @Mixin ModelOptions mo;
    @Mixin Sampling so;
    @Option(names = "--system", description = "system message") String system;

    @Override
    public Integer call() throws IOException {
      GenerationConfig cfg = so.config();
      PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
      try (SlmModel m = mo.open(); Repl repl = Repl.open()) {
        ChatSession[] chat = {newChat(m, system)};
        String sys = system;
        repl.onInterrupt(() -> chat[0].cancel());
        for (String line = repl.readLine("> "); line != null; line = repl.readLine("> ")) {
          line = line.strip();
          if (line.isEmpty()) {
            continue;
          }
          if (line.equals("/exit") || line.equals("/quit")) {
            break;
          }
          if (line.equals("/reset") || line.startsWith("/system")) {
            if (line.startsWith("/system")) {
              sys = line.substring("/system".length()).strip();
              sys = sys.isEmpty() ? null : sys;
            }
            chat[0].close();
            chat[0] = newChat(m, sys);
            System.err.println(line.equals("/reset") ? "(conversation cleared)" : "(system message set; conversation cleared)");
            continue;
          }
          if (line.startsWith("/")) {
            System.err.println("commands: /reset, /system TEXT, /exit");
            continue;
          }
          repl.generating(true);
          try {
            chat[0].send(line, cfg, t -> out.print(t));
          } finally {
            repl.generating(false);
          }
          out.println();
          if (chat[0].lastStats() != null && chat[0].lastStats().finishReason() == io.slm4j.FinishReason.CANCELLED) {
            System.err.println("(stopped)");
          }
        }
        chat[0].close();
      }
      return 0;
    }

    private static ChatSession newChat(SlmModel m, String system) {
      ChatSession c = m.chat();
      if (system != null) {
        c.system(system);
      }
      return c;
    }
  }

  @Command(name = "info", description = "Print what a model is (architecture, size, quantization, context, backend).")
  static final class Info implements Callable<Integer> {
    @Mixin ModelOptions mo;

    @Override
    public Integer call() {
      try (SlmModel m = mo.open()) {
        ModelInfo i = m.info();
        System.out.println("architecture:   " + i.architecture());
        System.out.println("parameters:     " + (i.parameterCount() < 0 ? "unknown" : i.parameterCount()));
        System.out.println("quantization:   " + i.quantization());
        System.out.println("trained ctx:    " + i.contextLength());
        System.out.println("session ctx:    " + m.contextSize());
        System.out.println("vocabulary:     " + m.tokenizer().vocabularySize());
        System.out.println("chat template:  " + (i.chatTemplate() == null ? "none" : "yes (" + i.chatTemplate().length() + " chars)"));
        System.out.println("backend:        " + i.backend());
        System.out.println("device:         " + i.device().name().toLowerCase(Locale.ROOT));
      }
      return 0;
    }
  }

  @Command(name = "devices", description = "List the backends on the class path and the devices each sees.")
  static final class Devices implements Callable<Integer> {
    @Option(names = {"-v", "--verbose"}) boolean verbose;

    @Override
    public Integer call() {
      quietNativeLogs(verbose);
      for (Map.Entry<String, List<DeviceInfo>> e : io.slm4j.Slm.devices().entrySet()) {
        if (e.getValue().isEmpty()) {
          System.out.println(e.getKey() + "\t(unavailable)");
        }
        for (DeviceInfo d : e.getValue()) {
          System.out.println(e.getKey() + "\t" + d.device().name().toLowerCase(Locale.ROOT) + "\t" + d.name());
        }
      }
      return 0;
    }
  }

  @Command(name = "bench", description = "Measure prefill and decode speed (greedy, end-of-sequence ignored by a long limit).")
  static final class Bench implements Callable<Integer> {
    @Mixin ModelOptions mo;
    @Option(names = {"-p", "--prompt-tokens"}, defaultValue = "128") int promptTokens;
    @Option(names = {"-n", "--gen-tokens"}, defaultValue = "64") int genTokens;
    @Option(names = {"-r", "--repetitions"}, defaultValue = "3") int reps;

    @Override
    public Integer call() {
      try (SlmModel m = mo.open()) {
        // A prompt of the requested length in tokens, from the model's own vocabulary.
        StringBuilder sb = new StringBuilder();
        while (m.tokenizer().encode(sb.toString()).length < promptTokens) {
          sb.append("The quick brown fox jumps over the lazy dog. ");
        }
        String prompt = sb.toString();
        System.out.println("backend\tdevice\tprompt\tgen\tprefill_tok_s\tdecode_tok_s\tttft_ms");
        for (int r = 0; r < reps; r++) {
          GenerationStats s = m.stream(prompt, GenerationConfig.builder().greedy().maxTokens(genTokens).build(), t -> { });
          System.out.printf(Locale.ROOT, "%s\t%s\t%d\t%d\t%.1f\t%.1f\t%.1f%n", s.backend(), s.device(), s.promptTokens(),
              s.generatedTokens(), s.prefillTokensPerSecond(), s.decodeTokensPerSecond(), s.timeToFirstTokenNanos() / 1e6);
        }
      }
      return 0;
    }
  }

  @Command(name = "quantize", description = "Quantize a GGUF model with llama.cpp's C API (llama_model_quantize), e.g. slm quantize in.gguf out.gguf Q4_0.")
  static final class Quantize implements Callable<Integer> {
    @Parameters(index = "0") Path input;
    @Parameters(index = "1") Path output;
    @Parameters(index = "2", description = "F16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K, Q3_K_M, Q4_K_M, Q5_K_M, Q6_K ...") String type;
    @Option(names = "--threads", defaultValue = "0") int threads;
    @Option(names = {"-v", "--verbose"}) boolean verbose;

    @Override
    public Integer call() {
      quietNativeLogs(verbose);
      if (!Files.isRegularFile(input)) {
        throw new IllegalArgumentException("input " + input + " is not a file");
      }
      System.err.println(Quantizer.quantize(input, output, type, threads));
      return 0;
    }
  }

  @Command(name = "serve", description = "Serve models over HTTP (OpenAI and Ollama protocols).")
  static final class Serve implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, description = "NAME=PATH or PATH (repeatable; default: SmolLM2 as 'smollm2')")
    List<String> models = new ArrayList<>();
    @Option(names = "--config", description = "a file of lines NAME=PATH [backend=ID] [device=D] [threads=N] [ctx=N]")
    Path config;
    @Option(names = "--backend") String backend;
    @Option(names = "--device", defaultValue = "auto") String device;
    @Option(names = "--threads") int threads;
    @Option(names = "--ctx") int ctx;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: loopback only)") String host;
    @Option(names = "--port", defaultValue = "8080") int port;
    @Option(names = "--api-key", description = "require Authorization: Bearer KEY (default: $SLM_API_KEY, else none)") String apiKey;
    @Option(names = "--concurrency", defaultValue = "8") int concurrency;
    @Option(names = "--queue", defaultValue = "32") int queue;
    @Option(names = {"-v", "--verbose"}) boolean verbose;

    @Override
    public Integer call() throws Exception {
      quietNativeLogs(verbose);
      ModelOptions mo = new ModelOptions();
      mo.device = device;
      Device d = mo.deviceEnum();
      ModelRegistry reg = new ModelRegistry();
      List<String> lines = new ArrayList<>(models);
      if (config != null) {
        for (String l : Files.readAllLines(config)) {
          if (!l.isBlank() && !l.strip().startsWith("#")) {
            lines.add(l.strip());
          }
        }
      }
      if (lines.isEmpty()) {
        lines.add("smollm2=" + mo.modelPath());
      }
      for (String l : lines) {
        reg.add(spec(l, d));
      }
      String key = apiKey != null ? apiKey : System.getenv("SLM_API_KEY");
      try (reg; SlmServer s = SlmServer.builder(reg).host(host).port(port).apiKey(key).concurrency(concurrency)
          .queue(queue).build().start()) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          s.close();
          reg.close();
        }));
        System.err.println("slm: serving " + reg.specs().stream().map(ModelRegistry.Spec::name).toList() + " on "
            + s.baseUrl() + " (OpenAI: /v1, Ollama: /api)");
        System.err.flush();
        s.join();
      }
      return 0;
    }

    private ModelRegistry.Spec spec(String line, Device d) {
      String[] parts = line.split("\\s+");
      String first = parts[0];
      int eq = first.indexOf('=');
      Path p = Path.of(eq < 0 ? first : first.substring(eq + 1));
      String name = eq < 0 ? p.getFileName().toString().replaceFirst("\\.gguf$", "") : first.substring(0, eq);
      String b = backend;
      Device dev = d;
      int t = threads;
      int c = ctx;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("bad model option '" + parts[i] + "' in: " + line);
        }
        switch (kv[0]) {
          case "backend" -> b = kv[1];
          case "device" -> dev = Device.valueOf(kv[1].toUpperCase(Locale.ROOT));
          case "threads" -> t = Integer.parseInt(kv[1]);
          case "ctx" -> c = Integer.parseInt(kv[1]);
          default -> throw new IllegalArgumentException("unknown model option '" + kv[0] + "' in: " + line);
        }
      }
      return new ModelRegistry.Spec(name, p, b, dev, t, c);
    }
  }

  /** A load progress bar on stderr, only when there is a terminal to redraw on. */
  static final class Progress {
    private final boolean tty = System.console() != null;
    private int shown = -1;

    boolean update(float p) {
      int n = Math.round(p * 30);
      if (tty && n != shown) {
        shown = n;
        System.err.print("\rloading [" + "#".repeat(n) + " ".repeat(30 - n) + "] " + Math.round(p * 100) + "%");
      }
      return true;
    }

    void done() {
      if (tty && shown >= 0) {
        System.err.print("\r" + " ".repeat(48) + "\r");
      }
    }
  }
}
