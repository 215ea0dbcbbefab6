package io.slm4j.cli;

import static io.slm4j.llama.global.llama.llama_backend_init;
import static io.slm4j.llama.global.llama.llama_model_quantize;
import static io.slm4j.llama.global.llama.llama_model_quantize_default_params;

import io.slm4j.ModelLoadException;
import io.slm4j.llama.global.llama;
import io.slm4j.llama.llama_model_quantize_params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** GGUF quantization through llama.cpp's own C API, so no separate llama-quantize binary is needed. */
final class Quantizer {
  private Quantizer() {}

  static String quantize(Path in, Path out, String type, int threads) {
    int ftype = ftype(type);
    llama_backend_init();
    llama_model_quantize_params p = llama_model_quantize_default_params();
    p.ftype(ftype);
    p.nthread(threads);
    long t0 = System.nanoTime();
    int rc = llama_model_quantize(in.toString(), out.toString(), p);
    if (rc != 0 || !Files.isRegularFile(out)) {
      throw new ModelLoadException("llama_model_quantize failed (" + rc + ") for " + in + " -> " + out);
    }
    try {
      return String.format(Locale.ROOT, "quantized %s (%d MB) -> %s (%d MB) as %s in %.1f s", in, Files.size(in) >> 20, out,
          Files.size(out) >> 20, type.toUpperCase(Locale.ROOT), (System.nanoTime() - t0) / 1e9);
    } catch (java.io.IOException e) {
      return "quantized " + in + " -> " + out;
    }
  }

  /** The llama_ftype constant of a type name, read from the generated bindings so new types need no edit here. */
  static int ftype(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    String field = t.equals("F32") ? "LLAMA_FTYPE_ALL_F32" : "LLAMA_FTYPE_MOSTLY_" + t;
    try {
      return llama.class.getField(field).getInt(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("unknown quantization type '" + type + "' (try Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K_M, F16)");
    }
  }
}
