package io.slm4j.examples;

import static io.slm4j.llama.global.llama.*;

import io.slm4j.llama.LlamaDecoding;
import io.slm4j.llama.LlamaModels;
import io.slm4j.llama.LlamaNatives;
import io.slm4j.llama.LlamaText;
import io.slm4j.llama.Utf8Decoder;
import io.slm4j.llama.llama_context;
import io.slm4j.llama.llama_context_params;
import io.slm4j.llama.llama_model;
import io.slm4j.llama.llama_sampler;
import io.slm4j.llama.llama_vocab;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Answers a prompt with a local GGUF chat model, streaming the answer as it is generated.
 *
 * <pre>QuickStart MODEL.gguf [PROMPT...]</pre>
 */
public final class QuickStart {
  private static final int MAX_TOKENS = 200;
  /** SmolLM2's own default system prompt: the 135M model strays with unfamiliar ones. */
  private static final String SYSTEM = "You are a helpful AI assistant named SmolLM, trained by Hugging Face";

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: QuickStart MODEL.gguf [PROMPT...]");
      System.exit(2);
    }
    Path modelPath = Path.of(args[0]);
    String prompt = args.length > 1
        ? String.join(" ", Arrays.copyOfRange(args, 1, args.length))
        : "What is the capital of France? Answer in one sentence.";
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    LlamaNatives.init();
    int[] shown = {-1};
    llama_model model = LlamaModels.load(modelPath, llama_model_default_params(), p -> {
      int percent = Math.round(p * 100);
      if (percent != shown[0]) { // llama.cpp reports far more often than a bar can change
        shown[0] = percent;
        int filled = percent * 30 / 100;
        System.err.print("\rloading [" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + percent + "%");
      }
      return true;
    });
    System.err.println();

    llama_context_params cparams = llama_context_default_params();
    cparams.n_ctx(2048).n_batch(512);
    llama_context ctx = llama_init_from_model(model, cparams);
    llama_vocab vocab = llama_model_get_vocab(model);
    llama_sampler sampler = llama_sampler_chain_init(llama_sampler_chain_default_params());
    llama_sampler_chain_add(sampler, llama_sampler_init_top_k(40));
    llama_sampler_chain_add(sampler, llama_sampler_init_top_p(0.9f, 1));
    llama_sampler_chain_add(sampler, llama_sampler_init_temp(0.2f));
    llama_sampler_chain_add(sampler, llama_sampler_init_dist(42));
    try {
      String chat = LlamaText.applyChatTemplate(llama_model_chat_template(model, (String) null),
          List.of("system", SYSTEM, "user", prompt), true);
      int[] tokens = LlamaText.tokenize(vocab, chat, true, true);
      Utf8Decoder text = new Utf8Decoder();
      long start = System.nanoTime();
      int generated = 0;
      for (; generated < MAX_TOKENS; generated++) {
        if (LlamaDecoding.decode(ctx, tokens) != 0) {
          throw new IllegalStateException("llama_decode failed");
        }
        int next = llama_sampler_sample(sampler, ctx, -1);
        if (llama_vocab_is_eog(vocab, next)) {
          break;
        }
        out.print(text.feed(LlamaText.piece(vocab, next, false)));
        tokens = new int[] {next};
      }
      out.println(text.flush());
      double seconds = (System.nanoTime() - start) / 1e9;
      System.err.printf("[%d tokens in %.2f s, %.1f tokens/s]%n", generated, seconds, generated / seconds);
    } finally {
      llama_sampler_free(sampler);
      llama_free(ctx);
      llama_model_free(model);
    }
  }
}
