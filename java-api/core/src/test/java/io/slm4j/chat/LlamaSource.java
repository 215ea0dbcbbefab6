package io.slm4j.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pinned llama.cpp source tree (templates, test-chat-template.cpp, vocab GGUFs), read at test time. */
final class LlamaSource {
  private static Path root;

  private LlamaSource() {}

  static synchronized Path root() {
    if (root == null) {
      try {
        Path repo = Path.of(System.getProperty("slm4j.root", "../.."));
        Process p = new ProcessBuilder("bash", repo.resolve("native/llama-source").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
          throw new IllegalStateException("native/llama-source failed");
        }
        String[] lines = out.split("\n");
        root = Path.of(lines[lines.length - 1].strip());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return root;
  }

  static String read(String relative) {
    try {
      return Files.readString(root().resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
