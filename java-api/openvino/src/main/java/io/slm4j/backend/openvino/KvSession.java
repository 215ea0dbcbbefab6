package io.slm4j.backend.openvino;

import static io.slm4j.openvino.global.openvino.*;

import io.slm4j.openvino.OpenVino;
import io.slm4j.openvino.OpenVinoException;
import io.slm4j.openvino.ov_infer_request_t;
import io.slm4j.openvino.ov_shape_t;
import io.slm4j.openvino.ov_tensor_t;
import io.slm4j.openvino.slm4j_ov_variable_state_t;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * One infer request of the stateful language model and the token ids whose keys and values its
 * state holds. Runs forward passes (input_ids, attention_mask, position_ids, beam_idx), exposes the
 * last position's logits, and rewinds the state to a prefix (trim) or to nothing (reset).
 * Not thread-safe; the owner serialises calls.
 */
final class KvSession implements AutoCloseable {
  private final OpenVinoLlm model;
  private final ov_infer_request_t request;
  private long[] history = new long[256];
  private int length;
  private LongPointer ids = new LongPointer(256);
  private LongPointer positions = new LongPointer(256);
  private LongPointer mask = new LongPointer(256);
  private final IntPointer beam = new IntPointer(1);
  private int seqAxis = -1;
  private ov_tensor_t idsT;
  private ov_tensor_t maskT;
  private ov_tensor_t posT;
  private ov_tensor_t beamT;
  private final long[] one = new long[1];
  // Holder reused for each step's logits handle (the handle itself is freed after every use).
  private final ov_tensor_t logitsTensor = new ov_tensor_t();
  private final long[] argIndex = new long[1];
  private final float[] argValue = new float[1];
  // A reusable [1, n] shape: its dims live in shapeDims, so no native allocation per step.
  private final LongPointer shapeDims = new LongPointer(1L, 1L);
  private final ov_shape_t shape = new ov_shape_t().rank(2).dims(shapeDims);
  private boolean closed;

  KvSession(OpenVinoLlm model) {
    this.model = model;
    this.request = new ov_infer_request_t();
    OpenVino.check(ov_compiled_model_create_infer_request(model.compiledModel(), request),
        "ov_compiled_model_create_infer_request");
    beam.put(0, 0);
  }

  int length() {
    return length;
  }

  long[] history() {
    return Arrays.copyOf(history, length);
  }

  /**
   * Makes the state hold a prefix of prompt and feeds the rest, so the logits are those of the
   * last prompt token. Returns how many prompt tokens were reused from the state.
   */
  int prefill(long[] prompt) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("prompt has no tokens");
    }
    int common = 0;
    int max = Math.min(length, prompt.length);
    while (common < max && history[common] == prompt[common]) {
      common++;
    }
    // At least the last prompt token must run through the model to produce logits.
    if (common == prompt.length) {
      common--;
    }
    if (common < length) {
      rewind(common);
    }
    forward(prompt, common, prompt.length - common);
    return common;
  }

  /** Drops the state beyond the first n tokens (n == 0 resets it). */
  void rewind(int n) {
    if (n == 0) {
      reset();
      return;
    }
    int axis = sequenceAxis();
    if (axis < 0) {
      // Layout unknown: recompute the prefix from scratch instead of trimming.
      long[] keep = Arrays.copyOf(history, n);
      reset();
      forward(keep, 0, n);
      return;
    }
    SizeTPointer trimmed = new SizeTPointer(1);
    OpenVino.check(slm4j_ov_infer_request_trim_state(request, axis, n, trimmed), "slm4j_ov_infer_request_trim_state");
    length = n;
  }

  void reset() {
    OpenVino.check(slm4j_ov_infer_request_reset_state(request), "slm4j_ov_infer_request_reset_state");
    length = 0;
  }

  /** Finds the state axis that grows with the sequence (2 for [batch, heads, seq, head_size]). */
  private int sequenceAxis() {
    if (seqAxis >= 0 || length == 0) {
      return seqAxis;
    }
    slm4j_ov_variable_state_t state = new slm4j_ov_variable_state_t();
    OpenVino.check(slm4j_ov_infer_request_query_state(request, 0, state), "slm4j_ov_infer_request_query_state");
    ov_tensor_t value = new ov_tensor_t();
    try {
      OpenVino.check(slm4j_ov_variable_state_get_state(state, value), "slm4j_ov_variable_state_get_state");
      long[] dims = Natives.shape(value);
      int found = -1;
      for (int a = 0; a < dims.length; a++) {
        if (dims[a] == length && (found < 0 || a == 2)) {
          found = a;
        }
      }
      seqAxis = found;
      return found;
    } finally {
      if (!value.isNull()) {
        ov_tensor_free(value);
      }
      slm4j_ov_variable_state_free(state);
    }
  }

  /** Runs tokens[from, from+n) through the model after the current state. */
  void forward(long[] tokens, int from, int n) {
    int total = length + n;
    if (total > model.contextLength()) {
      throw new GenerationException("context length " + model.contextLength() + " exceeded (" + total
          + " tokens)", null);
    }
    ensureCapacity(total);
    ids.put(tokens, from, n);
    for (int i = 0; i < n; i++) {
      positions.put(i, length + i);
    }
    try {
      // The input tensors stay set on the request; each step only narrows their shapes.
      reshape(idsT, n);
      reshape(maskT, total);
      if (posT != null) {
        reshape(posT, n);
      }
      // start_async + wait rather than ov_infer_request_infer: the synchronous call runs the graph
      // on this (JVM) thread, which the CPU plugin does not pin or treat as a stream thread; on
      // the 2-core test machine that made decoding 3-4x slower than on the plugin's own thread.
      OpenVino.check(ov_infer_request_start_async(request), "ov_infer_request_start_async");
      OpenVino.check(ov_infer_request_wait(request), "ov_infer_request_wait");
    } catch (OpenVinoException e) {
      throw new GenerationException("inference failed", e);
    }
    System.arraycopy(tokens, from, history, length, n);
    length = total;
  }

  private void reshape(ov_tensor_t tensor, long n) {
    shapeDims.put(1, n);
    OpenVino.check(ov_tensor_set_shape(tensor, shape), "ov_tensor_set_shape");
  }

  /** Runs one token; the hot path of decoding. */
  void step(long token) {
    one[0] = token;
    forward(one, 0, 1);
  }

  /** @return the most likely next token after the last forward pass (greedy decoding) */
  int greedyToken() {
    ov_tensor_t out = logitsTensor;
    OpenVino.check(ov_infer_request_get_output_tensor_by_index(request, model.logitsIndex(), out), "get logits");
    try {
      OpenVino.check(slm4j_ov_tensor_argmax_last_row(out, argIndex, argValue), "slm4j_ov_tensor_argmax_last_row");
      return (int) argIndex[0];
    } finally {
      ov_tensor_free(out);
    }
  }

  /** @return the last position's logits, valid until the next forward pass */
  FloatBuffer logits() {
    ov_tensor_t out = logitsTensor;
    OpenVino.check(ov_infer_request_get_output_tensor_by_index(request, model.logitsIndex(), out), "get logits");
    try {
      long[] dims = Natives.shape(out);
      long vocab = dims[dims.length - 1];
      long rows = 1;
      for (int i = 0; i < dims.length - 1; i++) {
        rows *= dims[i];
      }
      FloatPointer data = new FloatPointer(Natives.data(out));
      data.position((rows - 1) * vocab).limit(rows * vocab);
      return data.asBuffer();
    } finally {
      ov_tensor_free(out);
    }
  }

  private void ensureCapacity(int total) {
    if (history.length < total) {
      history = Arrays.copyOf(history, Math.max(total, history.length * 2));
    }
    if (idsT == null || mask.capacity() < total) {
      int cap = (int) Math.max(total, idsT == null ? mask.capacity() : mask.capacity() * 2);
      freeTensors();
      if (mask.capacity() < cap) {
        mask.close();
        ids.close();
        positions.close();
        mask = new LongPointer(cap);
        ids = new LongPointer(cap);
        positions = new LongPointer(cap);
      }
      for (int i = 0; i < cap; i++) {
        mask.put(i, 1L);
      }
      // Tensors over the whole buffers, set on the request once; forward() narrows their shapes.
      idsT = Natives.wrap(I64, ids, 1, cap);
      maskT = Natives.wrap(I64, mask, 1, cap);
      OpenVino.check(ov_infer_request_set_tensor(request, "input_ids", idsT), "set input_ids");
      OpenVino.check(ov_infer_request_set_tensor(request, "attention_mask", maskT), "set attention_mask");
      if (model.hasPositionIds()) {
        posT = Natives.wrap(I64, positions, 1, cap);
        OpenVino.check(ov_infer_request_set_tensor(request, "position_ids", posT), "set position_ids");
      }
      if (model.hasBeamIdx()) {
        beamT = Natives.wrap(I32, beam, 1);
        OpenVino.check(ov_infer_request_set_tensor(request, "beam_idx", beamT), "set beam_idx");
      }
    }
  }

  private void freeTensors() {
    for (ov_tensor_t t : new ov_tensor_t[] {idsT, maskT, posT, beamT}) {
      if (t != null) {
        ov_tensor_free(t);
      }
    }
    idsT = maskT = posT = beamT = null;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    freeTensors();
    ov_infer_request_free(request);
    shape.close();
    shapeDims.close();
    ids.close();
    positions.close();
    mask.close();
    beam.close();
  }
}
