package io.slm4j.backend.llama;

import io.slm4j.GenerationException;
import io.slm4j.spi.BackendSession;
import io.slm4j.llama.LlamaDecoding;
import io.slm4j.llama.LlamaLog;
import io.slm4j.llama.llama_context;
import io.slm4j.llama.llama_context_params;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;

import static io.slm4j.llama.global.llama.*;

/** One llama.cpp context (sequence 0) with an abort flag that ggml reads natively once per graph node. */
final class LlamaSession implements BackendSession {
  private static final int BATCH = 512;
  private final LlamaBackendModel model;
  private final llama_context ctx;
  private final IntPointer abortFlag = new IntPointer(1).put(0);
  private final Object flagLock = new Object();
  private int length;
  private boolean closed;

  LlamaSession(LlamaBackendModel model) {
    this.model = model;
    llama_context_params p = llama_context_default_params();
    int batch = Math.min(BATCH, model.contextSize);
    p.n_ctx(model.contextSize).n_batch(batch).n_ubatch(batch).n_seq_max(1)
        .n_threads(model.threads).n_threads_batch(model.threads).no_perf(true)
        .abort_callback(slm4j_abort_flag_callback()).abort_callback_data(abortFlag);
    if (model.exact) {
      p.flash_attn_type(LLAMA_FLASH_ATTN_TYPE_DISABLED).type_k(GGML_TYPE_F32).type_v(GGML_TYPE_F32);
    }
    llama_context c = llama_init_from_model(model.model, p);
    if (c == null || c.isNull()) {
      abortFlag.close();
      throw new GenerationException("llama.cpp could not create a context of " + model.contextSize + " tokens: "
          + LlamaLog.takeErrors());
    }
    this.ctx = c;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public boolean append(int[] tokens) {
    int start = length;
    int batch = Math.min(BATCH, model.contextSize);
    for (int from = 0; from < tokens.length; from += batch) {
      int[] chunk = Arrays.copyOfRange(tokens, from, Math.min(tokens.length, from + batch));
      int rc = LlamaDecoding.decode(ctx, chunk);
      if (rc == 2) {
        truncate(start);
        return false;
      }
      if (rc != 0) {
        truncate(start);
        throw new GenerationException("llama_decode returned " + rc + (rc == 1 ? " (no room in the KV cache)" : "")
            + ": " + LlamaLog.takeErrors());
      }
      length += chunk.length;
    }
    return true;
  }

  @Override
  public void logits(float[] out) {
    FloatPointer row = llama_get_logits_ith(ctx, -1);
    row.get(out, 0, out.length);
  }

  @Override
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException("cannot truncate " + length + " tokens to " + newLength);
    }
    llama_memory_seq_rm(llama_get_memory(ctx), 0, newLength, -1);
    length = newLength;
  }

  @Override
  public void interrupt() {
    synchronized (flagLock) {
      if (!closed) {
        slm4j_abort_flag_set(abortFlag, 1);
      }
    }
  }

  @Override
  public void clearInterrupt() {
    synchronized (flagLock) {
      if (!closed) {
        slm4j_abort_flag_set(abortFlag, 0);
      }
    }
  }

  @Override
  public void close() {
    synchronized (flagLock) {
      if (closed) {
        return;
      }
      closed = true;
      llama_free(ctx);
      abortFlag.close();
    }
  }
}
