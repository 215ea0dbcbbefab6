package example;

import static io.slm4j.ortgenai.OrtGenAi.check;
import static io.slm4j.ortgenai.global.ortgenai.*;

import io.slm4j.ortgenai.*;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.SizeTPointer;

/** Greedy generation of 8 tokens through the raw bindings, as a user of the platform artifact would. */
public class Generate {
  public static void main(String[] args) {
    System.out.println("ONNX Runtime used by GenAI: " + OrtGenAi.load());
    OgaModel model = new OgaModel();
    check("OgaCreateModel", OgaCreateModel(OrtGenAi.utf8(args[0]), model));
    OgaTokenizer tokenizer = new OgaTokenizer();
    check("OgaCreateTokenizer", OgaCreateTokenizer(model, tokenizer));
    OgaSequences prompt = new OgaSequences();
    check("OgaCreateSequences", OgaCreateSequences(prompt));
    check("OgaTokenizerEncode", OgaTokenizerEncode(tokenizer, OrtGenAi.utf8("Hello from a separate project"), prompt));
    OgaGeneratorParams params = new OgaGeneratorParams();
    check("OgaCreateGeneratorParams", OgaCreateGeneratorParams(model, params));
    check("OgaGeneratorParamsSetSearchNumber", OgaGeneratorParamsSetSearchNumber(params, "max_length", 64));
    OgaGenerator generator = new OgaGenerator();
    check("OgaCreateGenerator", OgaCreateGenerator(model, params, generator));
    check("OgaGenerator_AppendTokenSequences", OgaGenerator_AppendTokenSequences(generator, prompt));
    StringBuilder ids = new StringBuilder();
    int generated = 0;
    for (; generated < 8 && !OgaGenerator_IsDone(generator); generated++) {
      check("OgaGenerator_GenerateNextToken", OgaGenerator_GenerateNextToken(generator));
      IntPointer next = new IntPointer();
      SizeTPointer count = new SizeTPointer(1);
      check("OgaGenerator_GetNextTokens", OgaGenerator_GetNextTokens(generator, next, count));
      ids.append(next.get(0)).append(' ');
    }
    int n = (int) OgaGenerator_GetSequenceCount(generator, 0);
    BytePointer text = new BytePointer();
    check("OgaTokenizerDecode", OgaTokenizerDecode(tokenizer, OgaGenerator_GetSequenceData(generator, 0), n, text));
    System.out.println("generated " + generated + " tokens: " + ids.toString().trim());
    System.out.println("text: " + OrtGenAi.ownedString(text));
    OgaDestroyGenerator(generator);
    OgaDestroyGeneratorParams(params);
    OgaDestroySequences(prompt);
    OgaDestroyTokenizer(tokenizer);
    OgaDestroyModel(model);
    if (generated != 8) {
      throw new IllegalStateException("expected 8 tokens, got " + generated);
    }
  }
}
