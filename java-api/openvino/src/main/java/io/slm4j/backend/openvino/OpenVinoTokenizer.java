package io.slm4j.backend.openvino;

import static io.slm4j.openvino.global.openvino.*;

import io.slm4j.openvino.OpenVino;
import io.slm4j.openvino.OpenVinoException;
import io.slm4j.openvino.ov_compiled_model_t;
import io.slm4j.openvino.ov_infer_request_t;
import io.slm4j.openvino.ov_shape_t;
import io.slm4j.openvino.ov_tensor_t;
import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Text to token ids and back, through the folder's {@code openvino_tokenizer.xml} and
 * {@code openvino_detokenizer.xml} (OpenVINO tokenizers IRs, run on CPU). Text crosses as UTF-8.
 *
 * <p>Thread-safe (calls are serialised). Owned by its {@link OpenVinoLlm}: closing the model closes
 * it.
 */
public final class OpenVinoTokenizer implements AutoCloseable {
  private final ov_compiled_model_t encoderModel;
  private final ov_compiled_model_t decoderModel;
  private final ov_infer_request_t encoder;
  private final ov_infer_request_t decoder;
  private final String idsOutput;
  private final int decoderInputType;
  private boolean closed;

  OpenVinoTokenizer(ov_compiled_model_t encoderModel, String idsOutput, ov_compiled_model_t decoderModel,
      int decoderInputType) {
    this.encoderModel = encoderModel;
    this.decoderModel = decoderModel;
    this.idsOutput = idsOutput;
    this.decoderInputType = decoderInputType;
    this.encoder = new ov_infer_request_t();
    OpenVino.check(ov_compiled_model_create_infer_request(encoderModel, encoder), "tokenizer infer request");
    this.decoder = new ov_infer_request_t();
    OpenVino.check(ov_compiled_model_create_infer_request(decoderModel, decoder), "detokenizer infer request");
  }

  /**
   * @param text any text; special-token markup such as {@code <|im_start|>} is parsed as the
   *     special token, and special tokens are added as the tokenizer IR was exported
   * @return the token ids
   * @throws IllegalStateException after {@link #close()}
   * @throws IllegalArgumentException when the text contains a NUL character (the C API takes
   *     NUL-terminated strings)
   */
  public synchronized long[] encode(String text) {
    ensureOpen();
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("text must not contain NUL characters");
    }
    BytePointer utf8 = OpenVino.utf8(text);
    ov_shape_t shape = new ov_shape_t();
    OpenVino.check(ov_shape_create(1, new long[] {1}, shape), "ov_shape_create");
    ov_tensor_t input = new ov_tensor_t();
    try {
      OpenVino.check(ov_tensor_create_from_string_array(utf8, 1, shape, input), "ov_tensor_create_from_string_array");
      OpenVino.check(ov_infer_request_set_input_tensor_by_index(encoder, 0, input), "tokenizer set input");
      OpenVino.check(ov_infer_request_infer(encoder), "tokenizer infer");
      ov_tensor_t ids = new ov_tensor_t();
      OpenVino.check(ov_infer_request_get_tensor(encoder, OpenVino.utf8(idsOutput), ids), "tokenizer output");
      try {
        long[] dims = Natives.shape(ids);
        int n = (int) dims[dims.length - 1];
        long[] out = new long[n];
        IntPointer type = new IntPointer(1);
        OpenVino.check(ov_tensor_get_element_type(ids, type), "ov_tensor_get_element_type");
        if (type.get() == I64) {
          new LongPointer(Natives.data(ids)).get(out);
        } else {
          int[] tmp = new int[n];
          new IntPointer(Natives.data(ids)).get(tmp);
          for (int i = 0; i < n; i++) {
            out[i] = tmp[i];
          }
        }
        return out;
      } finally {
        ov_tensor_free(ids);
      }
    } catch (OpenVinoException e) {
      throw new GenerationException("tokenization failed", e);
    } finally {
      if (!input.isNull()) {
        ov_tensor_free(input);
      }
      ov_shape_free(shape);
    }
  }

  /**
   * @param ids token ids
   * @return the text (special tokens skipped or kept as the detokenizer IR was exported)
   * @throws IllegalStateException after {@link #close()}
   */
  public String decode(long[] ids) {
    return new String(decodeBytes(ids, 0, ids.length), StandardCharsets.UTF_8);
  }

  /**
   * The detokenizer's raw bytes: for byte-level vocabularies a token range can end inside a
   * multi-byte UTF-8 character, which the streaming code must see before turning bytes into text.
   */
  synchronized byte[] decodeBytes(long[] ids, int from, int to) {
    ensureOpen();
    int n = to - from;
    if (n == 0) {
      return new byte[0];
    }
    org.bytedeco.javacpp.Pointer buffer;
    if (decoderInputType == I64) {
      LongPointer p = new LongPointer(n);
      p.put(ids, from, n);
      buffer = p;
    } else {
      IntPointer p = new IntPointer(n);
      for (int i = 0; i < n; i++) {
        p.put(i, Math.toIntExact(ids[from + i]));
      }
      buffer = p;
    }
    ov_tensor_t input = Natives.wrap(decoderInputType, buffer, 1, n);
    try {
      OpenVino.check(ov_infer_request_set_input_tensor_by_index(decoder, 0, input), "detokenizer set input");
      OpenVino.check(ov_infer_request_infer(decoder), "detokenizer infer");
      ov_tensor_t out = new ov_tensor_t();
      OpenVino.check(ov_infer_request_get_output_tensor_by_index(decoder, 0, out), "detokenizer output");
      try {
        BytePointer data = new BytePointer((org.bytedeco.javacpp.Pointer) null);
        SizeTPointer size = new SizeTPointer(1);
        OpenVino.check(slm4j_ov_tensor_get_string(out, 0, data, size), "slm4j_ov_tensor_get_string");
        byte[] bytes = new byte[(int) size.get()];
        if (bytes.length > 0) {
          data.capacity(bytes.length).get(bytes);
        }
        return bytes;
      } finally {
        ov_tensor_free(out);
      }
    } catch (OpenVinoException e) {
      throw new GenerationException("detokenization failed", e);
    } finally {
      ov_tensor_free(input);
      buffer.close();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("OpenVinoTokenizer is closed");
    }
  }

  /** Releases the tokenizer's infer requests and compiled models. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ov_infer_request_free(encoder);
    ov_infer_request_free(decoder);
    ov_compiled_model_free(encoderModel);
    ov_compiled_model_free(decoderModel);
  }
}
