package io.slm4j.llama;

import static io.slm4j.llama.global.llama.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Tokenizer round trips and UTF-8-safe streaming, on a vocabulary-only load of the fixture. */
class TextTest {
  private static llama_model vocabOnly;
  private static llama_vocab vocab;

  @BeforeAll
  static void load() {
    llama_model_params p = llama_model_default_params();
    p.vocab_only(true);
    vocabOnly = LlamaModels.load(TinyModel.path(), p);
    vocab = llama_model_get_vocab(vocabOnly);
  }

  @AfterAll
  static void free() {
    llama_model_free(vocabOnly);
  }

  @Test
  void vocabularyOnlyLoadHasTheQwen2Vocabulary() {
    assertTrue(llama_vocab_n_tokens(vocab) >= 151_643, "qwen2 vocabulary size");
    assertEquals(LLAMA_VOCAB_TYPE_BPE, llama_vocab_type(vocab));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "Hello, world! The quick brown fox.",
    "你好，世界。今天天气很好。",
    "日本語のテキストと한국어",
    "emoji 🙂👍🏽🇯🇵 and 🧑‍💻",
    "Ünïcödé àccents, Ωμέγα, Кириллица, العربية",
    "def f(x):\n    return {'k': x ** 2}  # code\n\t\ttabs",
    "   leading and trailing spaces   ",
  })
  void tokenizeDetokenizeRoundTrip(String text) {
    int[] tokens = LlamaText.tokenize(vocab, text, false, false);
    assertTrue(tokens.length > 0);
    assertEquals(text, LlamaText.detokenize(vocab, tokens, false, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"你好，世界。今天天气很好。", "emoji 🙂👍🏽🇯🇵 and 🧑‍💻", "ÜñÏçødé ŝţŗïñğ"})
  void streamingPiecesNeverBreakACharacter(String text) {
    int[] tokens = LlamaText.tokenize(vocab, text, false, false);
    Utf8Decoder decoder = new Utf8Decoder();
    StringBuilder streamed = new StringBuilder();
    for (int t : tokens) {
      String chunk = decoder.feed(LlamaText.piece(vocab, t, false));
      assertFalse(chunk.contains("\uFFFD"), "a chunk held a broken character: " + chunk);
      streamed.append(chunk);
    }
    streamed.append(decoder.flush());
    assertEquals(text, streamed.toString());
  }

  @Test
  void someTokensEndInsideACharacterSoTheDecoderIsNeeded() {
    // Byte-level BPE splits rare characters into byte tokens; without the decoder, streaming
    // those pieces one by one yields replacement characters.
    int[] tokens = LlamaText.tokenize(vocab, "🧑‍💻🇯🇵", false, false);
    boolean split = false;
    for (int t : tokens) {
      byte[] piece = LlamaText.piece(vocab, t, false);
      split |= Utf8Decoder.completeLength(piece) != piece.length
          || new String(piece, StandardCharsets.UTF_8).contains("\uFFFD");
    }
    assertTrue(split, "expected at least one token piece that is not whole UTF-8");
  }

  @Test
  void specialTokenTextIsParsedOnlyWhenAsked() {
    int[] plain = LlamaText.tokenize(vocab, "<|im_start|>", false, false);
    int[] special = LlamaText.tokenize(vocab, "<|im_start|>", false, true);
    assertEquals(1, special.length);
    assertTrue(plain.length > 1);
  }

  @Test
  void chatTemplateFromTheModelFormatsAConversation() {
    String tmpl = llama_model_chat_template(vocabOnly, (String) null);
    assertNotNull(tmpl, "the fixture carries a chat template");
    String chat = LlamaText.applyChatTemplate(tmpl, List.of("system", "Be brief.", "user", "Grüß dich 👋"), true);
    assertTrue(chat.contains("Grüß dich 👋"), chat);
    assertTrue(chat.contains("<|im_start|>user"), chat);
    assertTrue(chat.strip().endsWith("<|im_start|>assistant"), chat);
  }

  @Test
  void tokenOutsideTheVocabularyIsRejectedBeforeNativeCode() {
    assertThrows(IllegalArgumentException.class, () -> LlamaText.piece(vocab, -1, false));
    assertThrows(IllegalArgumentException.class,
        () -> LlamaText.detokenize(vocab, new int[] {llama_vocab_n_tokens(vocab)}, false, false));
  }
}
