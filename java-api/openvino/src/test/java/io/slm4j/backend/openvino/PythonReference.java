package io.slm4j.backend.openvino;

import io.slm4j.fixtures.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reference answers from the fixture generator's own Python (its pinned venv): the Hugging Face
 * tokenizer of a fixture and the numpy forward pass of the tiny network. Bounded in time.
 */
final class PythonReference {
  private PythonReference() {}

  static List<String> run(String script, String... args) {
    Path root = Fixtures.root();
    List<String> cmd = new ArrayList<>(List.of("bash", "-c",
        "source \"$0/tools/fixtures/venv.sh\" && exec \"$py\" -c \"$1\" \"${@:2}\"", root.toString(), script));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("reference script timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("reference script failed with exit code " + p.exitValue());
      }
      return new String(out, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static long[] parseIds(String line) {
    String t = line.strip();
    if (t.isEmpty()) {
      return new long[0];
    }
    return java.util.Arrays.stream(t.split(" ")).mapToLong(Long::parseLong).toArray();
  }

  /** Ids of each text by the fixture's tokenizer.json (Hugging Face tokenizers). */
  static List<long[]> hfEncode(Path folder, List<String> texts) throws IOException {
    Path in = Files.createTempFile("slm4j-texts", ".txt");
    try {
      // One JSON string per line keeps newlines and any character intact.
      StringBuilder b = new StringBuilder();
      for (String t : texts) {
        b.append(jsonString(t)).append('\n');
      }
      Files.writeString(in, b.toString(), StandardCharsets.UTF_8);
      List<String> lines = run(String.join("\n",
          "import json, sys",
          "from tokenizers import Tokenizer",
          "tok = Tokenizer.from_file(sys.argv[1] + '/tokenizer.json')",
          "for line in open(sys.argv[2], encoding='utf-8'):",
          "    print(' '.join(str(i) for i in tok.encode(json.loads(line), add_special_tokens=True).ids))"),
          folder.toString(), in.toString());
      List<long[]> out = new ArrayList<>();
      for (String l : lines) {
        out.add(parseIds(l));
      }
      return out;
    } finally {
      Files.deleteIfExists(in);
    }
  }

  /** Greedy continuation of prompt by the numpy reference of the "tiny" network. */
  static long[] tinyGreedy(long[] prompt, int n) {
    StringBuilder ids = new StringBuilder();
    for (long id : prompt) {
      ids.append(id).append(',');
    }
    List<String> lines = run(String.join("\n",
        "import sys",
        "from slm4j_fixtures import fixtures, runtimes",
        "w, _ = fixtures.load_source('tiny')",
        "prompt = [int(x) for x in sys.argv[1].split(',') if x]",
        "print(' '.join(str(i) for i in runtimes.reference(w, prompt, int(sys.argv[2])).ids))"),
        ids.toString(), Integer.toString(n));
    return parseIds(lines.get(lines.size() - 1));
  }

  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
