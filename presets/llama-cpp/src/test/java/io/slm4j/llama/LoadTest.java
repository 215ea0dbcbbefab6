package io.slm4j.llama;

import static io.slm4j.llama.global.llama.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading: progress and cancellation, bad files, metadata, backends, quantize, abort. */
class LoadTest {
  @TempDir Path tmp;

  @Test
  void backendsLoadFromTheExtractedFolderAndACpuDeviceExists() {
    String dir = LlamaNatives.init();
    assertTrue(Files.isDirectory(Path.of(dir)), dir);
    assertTrue(ggml_backend_reg_count() >= 1);
    assertTrue(LlamaNatives.devices().stream().anyMatch(d -> d.startsWith("CPU")), LlamaNatives.devices().toString());
  }

  @Test
  void progressCallbackFiresAndReachesOne() {
    List<Float> seen = new ArrayList<>();
    llama_model m = LlamaModels.load(TinyModel.path(), llama_model_default_params(), seen::add);
    llama_model_free(m);
    assertFalse(seen.isEmpty());
    assertEquals(1.0f, seen.get(seen.size() - 1), 1e-6f);
  }

  @Test
  void progressCallbackCanCancelTheLoad() {
    int[] calls = {0};
    LlamaException e = assertThrows(LlamaException.class, () -> LlamaModels.load(
        TinyModel.path(), llama_model_default_params(), progress -> ++calls[0] < 0));
    assertEquals(1, calls[0], "the first report cancels");
    assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
  }

  @Test
  void rawProgressCallbackInTheParamsAlsoWorks() {
    int[] calls = {0};
    llama_progress_callback raw = new llama_progress_callback() {
      @Override
      public boolean call(float progress, Pointer userData) {
        calls[0]++;
        return true;
      }
    };
    llama_model_params p = llama_model_default_params();
    p.progress_callback(raw);
    llama_model_free(LlamaModels.load(TinyModel.path(), p));
    assertTrue(calls[0] >= 1);
  }

  @Test
  void nativeLogLinesReachJavaLogging() {
    // System.Logger's default backend is java.util.logging.
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.slm4j.llama.native");
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override public void publish(java.util.logging.LogRecord r) { lines.add(r.getMessage()); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    java.util.logging.Level before = jul.getLevel();
    jul.setLevel(java.util.logging.Level.ALL);
    jul.addHandler(handler);
    try {
      llama_model_free(LlamaModels.load(TinyModel.path(), llama_model_default_params()));
    } finally {
      jul.removeHandler(handler);
      jul.setLevel(before);
    }
    assertTrue(lines.stream().anyMatch(l -> l.contains("qwen2")), "llama.cpp's loader log: " + lines);
    assertTrue(lines.stream().noneMatch(l -> l.contains("\n")), "one record per line");
  }

  @Test
  void missingFileIsAJavaException() {
    LlamaException e = assertThrows(LlamaException.class,
        () -> LlamaModels.load(tmp.resolve("nope.gguf"), llama_model_default_params()));
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void directoryEmptyAndNonGgufFilesAreJavaExceptions() throws IOException {
    Path empty = Files.createFile(tmp.resolve("empty.gguf"));
    Path text = Files.writeString(tmp.resolve("model.gguf"), "this is not a model");
    for (Path bad : List.of(tmp, empty, text)) {
      assertThrows(LlamaException.class, () -> LlamaModels.load(bad, llama_model_default_params()), bad.toString());
    }
  }

  @Test
  void truncatedGgufIsAJavaExceptionCarryingLlamaCppsReason() throws IOException {
    byte[] whole = Files.readAllBytes(TinyModel.path());
    for (int keep : new int[] {20, 4096, whole.length / 2, whole.length - 1}) {
      Path cut = tmp.resolve("cut-" + keep + ".gguf");
      Files.write(cut, java.util.Arrays.copyOf(whole, keep));
      LlamaException e = assertThrows(LlamaException.class,
          () -> LlamaModels.load(cut, llama_model_default_params()), "kept " + keep + " bytes");
      assertFalse(e.getMessage().isBlank());
    }
  }

  @Test
  void metadataDescribesTheFixture() {
    llama_model m = TinyModel.get();
    byte[] buf = new byte[256];
    int n = llama_model_meta_val_str(m, new BytePointer("general.architecture"), buf, buf.length);
    assertEquals("qwen2", new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(llama_model_meta_count(m) > 5);
    assertTrue(llama_model_n_params(m) > 0);
    assertEquals(2, llama_model_n_layer(m));
    byte[] desc = new byte[256];
    int d = llama_model_desc(m, desc, desc.length);
    assertTrue(new String(desc, 0, d).startsWith("qwen2"), new String(desc, 0, d));
  }

  @Test
  void quantizedCopyLoadsAndDecodes() {
    Path out = tmp.resolve("tiny-q8_0.gguf");
    llama_model_quantize_params qp = llama_model_quantize_default_params();
    qp.ftype(LLAMA_FTYPE_MOSTLY_Q8_0).nthread(2);
    assertEquals(0, llama_model_quantize(TinyModel.path().toString(), out.toString(), qp));
    llama_model q = LlamaModels.load(out, llama_model_default_params());
    try {
      byte[] desc = new byte[256];
      int d = llama_model_desc(q, desc, desc.length);
      assertTrue(new String(desc, 0, d).contains("Q8_0"), new String(desc, 0, d));
    } finally {
      llama_model_free(q);
    }
  }

  @Test
  void abortFlagStopsADecodeAndClearingItResumes() {
    IntPointer flag = new IntPointer(1).put(0);
    llama_context_params cp = llama_context_default_params();
    cp.n_ctx(128).n_batch(128).abort_callback(slm4j_abort_flag_callback()).abort_callback_data(flag);
    llama_context ctx = llama_init_from_model(TinyModel.get(), cp);
    try {
      int[] p = LlamaText.tokenize(llama_model_get_vocab(TinyModel.get()), "abort me", true, false);
      slm4j_abort_flag_set(flag, 1);
      assertEquals(2, LlamaDecoding.decode(ctx, p), "2 = aborted");
      slm4j_abort_flag_set(flag, 0);
      assertEquals(0, LlamaDecoding.decode(ctx, p));
    } finally {
      llama_free(ctx);
      flag.close();
    }
  }
}
