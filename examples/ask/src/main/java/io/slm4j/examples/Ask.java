package io.slm4j.examples;

import io.slm4j.ChatSession;
import io.slm4j.GenerationConfig;
import io.slm4j.Slm;
import io.slm4j.SlmModel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Answers a prompt with a local model (a .gguf file, or a GenAI / OpenVINO folder), streaming, with a
 * progress bar while it loads. Usage: {@code Ask MODEL [PROMPT...]}.
 */
public final class Ask {
  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: Ask MODEL [PROMPT...]");
      System.exit(2);
    }
    String prompt = args.length > 1 ? String.join(" ", Arrays.copyOfRange(args, 1, args.length))
        : "What is the capital of France? Answer in one sentence.";
    int[] shown = {-1};
    try (SlmModel model = Slm.load(Path.of(args[0])).onProgress(p -> {
          int n = Math.round(p * 30);
          if (n != shown[0]) {
            shown[0] = n;
            System.err.print("\rloading [" + "#".repeat(n) + " ".repeat(30 - n) + "] " + Math.round(p * 100) + "%");
          }
          return true;
        }).open();
        ChatSession chat = model.chat()) {
      System.err.println();
      chat.send(prompt, GenerationConfig.builder().greedy().maxTokens(200).build(), text -> {
        System.out.print(text);
        System.out.flush();
      });
      System.out.println();
      System.err.println("[" + chat.lastStats() + "]");
    }
  }
}
