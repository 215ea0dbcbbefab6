package io.slm4j.backend.ortgenai;

import io.slm4j.GenerationException;
import io.slm4j.spi.BackendSession;
import io.slm4j.ortgenai.OgaGenerator;
import io.slm4j.ortgenai.OgaGeneratorParams;
import io.slm4j.ortgenai.OgaTensor;
import io.slm4j.ortgenai.OrtGenAiException;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

import static io.slm4j.ortgenai.OrtGenAi.check;
import static io.slm4j.ortgenai.global.ortgenai.*;

/**
 * One GenAI generator used as a KV cache: tokens go in with {@code AppendTokens} (which runs the
 * model) and logits come out with {@code GetLogits}, for slm4j to sample in Java. Greedy steps use
 * GenAI's own greedy search instead ({@code GenerateNextToken}, argmax with the first id on ties, the
 * same rule): measured on SmolLM2-135M, appending one token at a time cost ~15% of decode speed
 * against GenAI's generate loop. {@code GenerateNextToken} puts its token in the sequence at once and
 * evaluates it lazily, so that token stays "pending" until slm4j appends exactly it (then nothing
 * more is done) or does anything else (then it is rewound away first). GenAI cannot abort a running
 * forward pass, so an interrupt takes effect between appended chunks (64 prompt tokens) or tokens.
 */
final class OrtGenAiSession implements BackendSession {
  private static final int CHUNK = 64;
  private final OrtGenAiModel model;
  private final OgaGenerator generator = new OgaGenerator();
  private volatile boolean interrupted;
  private int length;
  /** The token GenerateNextToken added after {@code length}, or -1. */
  private int pending = -1;
  private int maxLength;
  private boolean closed;

  OrtGenAiSession(OrtGenAiModel model) {
    this.model = model;
    OgaGeneratorParams params = new OgaGeneratorParams();
    try {
      check("OgaCreateGeneratorParams", OgaCreateGeneratorParams(model.model, params));
      // One more than the context where the model allows it: a pending greedy token may sit after a full context.
      maxLength = Math.min(model.contextSize + 1, model.info().contextLength());
      check("OgaGeneratorParamsSetSearchNumber", OgaGeneratorParamsSetSearchNumber(params, "max_length", maxLength));
      check("OgaGeneratorParamsSetSearchBool", OgaGeneratorParamsSetSearchBool(params, "do_sample", false));
      // GenAI's greedy search must be plain argmax: no penalty or minimum length from genai_config.json.
      check("OgaGeneratorParamsSetSearchNumber", OgaGeneratorParamsSetSearchNumber(params, "repetition_penalty", 1.0));
      check("OgaGeneratorParamsSetSearchNumber", OgaGeneratorParamsSetSearchNumber(params, "min_length", 0));
      check("OgaCreateGenerator", OgaCreateGenerator(model.model, params, generator));
    } catch (OrtGenAiException e) {
      throw new GenerationException("GenAI could not create a generator: " + e.getMessage(), e);
    } finally {
      if (!params.isNull()) {
        OgaDestroyGeneratorParams(params);
      }
    }
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public int argmax(float[] scratch) {
    dropPending();
    if (length + 1 > maxLength) {
      return BackendSession.super.argmax(scratch); // no room for GenAI to add the token itself
    }
    try {
      check("OgaGenerator_GenerateNextToken", OgaGenerator_GenerateNextToken(generator));
      IntPointer out = new IntPointer();
      try (SizeTPointer count = new SizeTPointer(1)) {
        check("OgaGenerator_GetNextTokens", OgaGenerator_GetNextTokens(generator, out, count));
        pending = out.get(0);
      }
    } catch (OrtGenAiException e) {
      throw new GenerationException("GenAI failed to generate a token: " + e.getMessage(), e);
    }
    return pending;
  }

  private void dropPending() {
    if (pending >= 0) {
      pending = -1;
      try {
        rewind(length);
      } catch (OrtGenAiException e) {
        throw new GenerationException("GenAI failed to rewind: " + e.getMessage(), e);
      }
    }
  }

  /**
   * {@code RewindTo(n)}. GenAI 0.18 refuses to rewind exactly onto the end of what it has evaluated
   * when a greedy token sits after it ("Requested length of rewind is greater than the current
   * length", seen on every other turn of a long chat); rewinding one token further and evaluating
   * that token again reaches the same state.
   */
  private void rewind(int n) {
    try {
      check("OgaGenerator_RewindTo", OgaGenerator_RewindTo(generator, n));
    } catch (OrtGenAiException e) {
      if (n == 0 || OgaGenerator_GetSequenceCount(generator, 0) < n) {
        throw e;
      }
      int last = OgaGenerator_GetSequenceData(generator, 0).get(n - 1);
      check("OgaGenerator_RewindTo", OgaGenerator_RewindTo(generator, n - 1));
      check("OgaGenerator_AppendTokens", OgaGenerator_AppendTokens(generator, new int[] {last}, 1));
    }
  }

  @Override
  public boolean append(int[] tokens) {
    if (pending >= 0 && tokens.length == 1 && tokens[0] == pending) {
      pending = -1; // already in GenAI's sequence; it evaluates it on the next step
      length++;
      return true;
    }
    dropPending();
    int start = length;
    try {
      for (int from = 0; from < tokens.length; from += CHUNK) {
        if (interrupted) {
          truncate(start);
          return false;
        }
        int n = Math.min(CHUNK, tokens.length - from);
        int[] chunk = from == 0 && n == tokens.length ? tokens : java.util.Arrays.copyOfRange(tokens, from, from + n);
        check("OgaGenerator_AppendTokens", OgaGenerator_AppendTokens(generator, chunk, n));
        length += n;
      }
    } catch (OrtGenAiException e) {
      throw new GenerationException("GenAI failed to evaluate tokens: " + e.getMessage(), e);
    }
    return true;
  }

  @Override
  public void logits(float[] out) {
    dropPending();
    OgaTensor tensor = new OgaTensor();
    try {
      check("OgaGenerator_GetLogits", OgaGenerator_GetLogits(generator, tensor));
      long count = 1;
      try (SizeTPointer rank = new SizeTPointer(1)) {
        check("OgaTensorGetShapeRank", OgaTensorGetShapeRank(tensor, rank));
        long[] shape = new long[(int) rank.get()];
        check("OgaTensorGetShape", OgaTensorGetShape(tensor, shape, shape.length));
        for (long d : shape) {
          count *= d;
        }
      }
      if (count < out.length) {
        throw new GenerationException("GenAI returned " + count + " logits, the vocabulary has " + out.length);
      }
      Pointer data = new Pointer();
      check("OgaTensorGetData", OgaTensorGetData(tensor, data));
      // The last row is the last position's logits.
      new FloatPointer(data).position(count - out.length).get(out, 0, out.length);
    } catch (OrtGenAiException e) {
      throw new GenerationException("GenAI failed to return logits: " + e.getMessage(), e);
    } finally {
      if (!tensor.isNull()) {
        OgaDestroyTensor(tensor);
      }
    }
  }

  @Override
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException("cannot truncate " + length + " tokens to " + newLength);
    }
    if (newLength == length && pending < 0) {
      return;
    }
    pending = -1;
    try {
      rewind(newLength);
    } catch (OrtGenAiException e) {
      throw new GenerationException("GenAI failed to rewind: " + e.getMessage(), e);
    }
    length = newLength;
  }

  @Override
  public void interrupt() {
    interrupted = true;
  }

  @Override
  public void clearInterrupt() {
    interrupted = false;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      OgaDestroyGenerator(generator);
    }
  }
}
