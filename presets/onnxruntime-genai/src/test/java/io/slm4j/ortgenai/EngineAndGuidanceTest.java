package io.slm4j.ortgenai;

import static io.slm4j.ortgenai.OrtGenAi.check;
import static io.slm4j.ortgenai.global.ortgenai.*;
import static org.junit.jupiter.api.Assertions.*;

import io.slm4j.fixtures.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The parts of the C API the official Java binding lacks: the engine (requests, turns, events) and guidance. */
class EngineAndGuidanceTest {
  static OgaModel model;
  static OgaTokenizer tokenizer;

  @BeforeAll
  static void open() {
    model = Oga.model(Fixtures.get("tiny-genai"));
    tokenizer = Oga.tokenizer(model);
  }

  @AfterAll
  static void close() {
    if (tokenizer != null) OgaDestroyTokenizer(tokenizer);
    if (model != null) OgaDestroyModel(model);
  }

  @Test
  void engineTurnProducesTheGreedyTokensAndFinishes() {
    int[] prompt = Oga.encode(tokenizer, "The engine speaks");
    int[] expected = Oga.greedy(model, prompt, 6);
    OgaEngine engine = new OgaEngine();
    check("OgaCreateEngine", OgaCreateEngine(model, engine));
    OgaRequest request = new OgaRequest();
    OgaTurnOptions options = new OgaTurnOptions();
    OgaEngineEventBuffer buffer = new OgaEngineEventBuffer();
    try {
      check("OgaEngineCreateRequest", OgaEngineCreateRequest(engine, (OgaRequestOptions) null, request));
      check("OgaRequestCreateTurnOptions", OgaRequestCreateTurnOptions(request, options));
      check("OgaTurnOptionsSetMaxGeneratedTokens", OgaTurnOptionsSetMaxGeneratedTokens(options, expected.length));
      check("OgaTurnOptionsSetDoSample", OgaTurnOptionsSetDoSample(options, false));
      long[] turnId = new long[1];
      check("OgaRequestBeginTurn", OgaRequestBeginTurn(request, options, prompt, prompt.length, turnId));
      assertEquals(1, turnId[0]);
      check("OgaCreateEngineEventBuffer", OgaCreateEngineEventBuffer(engine, 4, buffer));
      List<Integer> tokens = new ArrayList<>();
      int finish = -1;
      long generatedUsage = -1;
      for (int step = 0; step < 100 && finish < 0; step++) {
        check("OgaEngineRun", OgaEngineRun(engine, buffer));
        long count = OgaEngineEventBufferGetCount(buffer);
        for (long i = 0; i < count; i++) {
          OgaEngineEvent event = OgaEngineEventBufferGet(buffer, i);
          int[] flags = new int[1];
          check("OgaEngineEventGetFlags", OgaEngineEventGetFlags(event, flags));
          assertEquals(0, flags[0] & OgaEngineEventFlag_Failed, "failed event");
          if ((flags[0] & OgaEngineEventFlag_Token) != 0) {
            int[] token = new int[1];
            check("OgaEngineEventGetToken", OgaEngineEventGetToken(event, token));
            tokens.add(token[0]);
          }
          if ((flags[0] & OgaEngineEventFlag_TurnFinished) != 0) {
            int[] reason = new int[1];
            check("OgaEngineEventGetFinishReason", OgaEngineEventGetFinishReason(event, reason));
            finish = reason[0];
            OgaTurnUsage usage = new OgaTurnUsage();
            check("OgaEngineEventGetUsage", OgaEngineEventGetUsage(event, usage));
            long[] generated = new long[1];
            check("OgaTurnUsageGetGeneratedTokens", OgaTurnUsageGetGeneratedTokens(usage, generated));
            generatedUsage = generated[0];
          }
        }
      }
      assertEquals(OgaFinishReason_MaxGeneratedTokens, finish);
      assertEquals(expected.length, generatedUsage);
      assertArrayEquals(expected, tokens.stream().mapToInt(Integer::intValue).toArray());
      check("OgaRequestClose", OgaRequestClose(request));
      boolean[] pending = new boolean[1];
      check("OgaEngineHasPendingRequests", OgaEngineHasPendingRequests(engine, pending));
      assertFalse(pending[0]);
    } finally {
      OgaDestroyEngineEventBuffer(buffer);
      OgaDestroyTurnOptions(options);
      OgaDestroyRequest(request);
      OgaDestroyEngine(engine);
    }
  }

  @Test
  void regexGuidanceConstrainsTheOutput() {
    OgaGeneratorParams params = new OgaGeneratorParams();
    check("OgaCreateGeneratorParams", OgaCreateGeneratorParams(model, params));
    OgaGenerator gen = new OgaGenerator();
    try {
      int[] prompt = Oga.encode(tokenizer, "Year:");
      check("OgaGeneratorParamsSetSearchNumber", OgaGeneratorParamsSetSearchNumber(params, "max_length", prompt.length + 32));
      check("OgaGeneratorParamsSetGuidance", OgaGeneratorParamsSetGuidance(params, "regex", "(19|20)[0-9]{2}", false));
      check("OgaCreateGenerator", OgaCreateGenerator(model, params, gen));
      Oga.append(gen, prompt);
      List<Integer> out = new ArrayList<>();
      while (!OgaGenerator_IsDone(gen) && out.size() < 32) {
        out.add(Oga.next(gen));
      }
      int[] ids = out.stream().mapToInt(Integer::intValue).toArray();
      String text = Oga.decode(tokenizer, ids).replace("<|im_end|>", "").replace("<|endoftext|>", "");
      assertTrue(text.matches("(19|20)[0-9]{2}"), "guided output " + Arrays.toString(ids) + " = '" + text + "'");
    } finally {
      OgaDestroyGenerator(gen);
      OgaDestroyGeneratorParams(params);
    }
  }
}
