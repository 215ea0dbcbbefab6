package io.slm4j.ortgenai.presets;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * JavaCPP preset for the ONNX Runtime GenAI C API (0.18.0), declared by slm4j's own header
 * {@code slm4j_ort_genai_c.h}, bound to Microsoft's binaries from PyPI.
 *
 * <p>The classifier jar carries {@code libonnxruntime-genai.so} and the ONNX Runtime it runs on,
 * {@code libonnxruntime.so.1}. ONNX Runtime is preloaded before GenAI, and {@link
 * io.slm4j.ortgenai.OrtGenAi#load()} points GenAI's {@code ORT_LIB_PATH} at that copy, so the packaged
 * ONNX Runtime is the one used even when another copy is installed or loaded.
 */
@Properties(
    target = "io.slm4j.ortgenai",
    global = "io.slm4j.ortgenai.global.ortgenai",
    value = {
      @Platform(
          value = {"linux-x86_64", "linux-arm64", "macosx-arm64"},
          // Strings given to and taken from the generated String overloads are UTF-8, never the
          // platform charset: GenAI's text API is UTF-8 throughout.
          define = "STRING_BYTES_CHARSET \"UTF-8\"",
          include = {"slm4j_ort_genai_c.h", "slm4j_ortgenai_helpers.h"},
          link = "onnxruntime-genai",
          // Order matters: ONNX Runtime, then our pin library (points GenAI's ORT_LIB_PATH at that copy,
          // see src/main/native/slm4j_ortgenai_pin.c), then GenAI, which resolves ONNX Runtime on load.
          preload = {"onnxruntime@.1", "slm4j-ortgenai-pin"}),
      @Platform(
          value = "linux-x86_64",
          extension = "-cuda",
          define = "STRING_BYTES_CHARSET \"UTF-8\"",
          include = {"slm4j_ort_genai_c.h", "slm4j_ortgenai_helpers.h"},
          link = "onnxruntime-genai",
          // GenAI dlopens its CUDA add-on and ONNX Runtime's CUDA provider itself; preloading them from
          // the jar puts them beside GenAI in the cache. They need the CUDA 13 runtime libraries of the
          // machine, and a failed preload is not fatal, so the CPU path keeps working without CUDA.
          preload = {"onnxruntime@.1", "slm4j-ortgenai-pin", "onnxruntime_providers_shared",
                     "onnxruntime_providers_cuda", "onnxruntime-genai-cuda"}),
      // Windows DLLs carry no soname version; declared for the windows-x86_64 classifier (not built here).
      @Platform(
          value = "windows-x86_64",
          define = "STRING_BYTES_CHARSET \"UTF-8\"",
          include = {"slm4j_ort_genai_c.h", "slm4j_ortgenai_helpers.h"},
          link = "onnxruntime-genai",
          preload = "onnxruntime")
    })
public class ortgenai implements InfoMapper {
  static {
    Loader.checkVersion("org.bytedeco", "javacpp");
  }

  @Override
  public void map(InfoMap infoMap) {
    // Include guards are not API.
    infoMap.put(new Info("SLM4J_ORT_GENAI_C_H", "SLM4J_ORTGENAI_HELPERS_H").skip());

    // The engine enumerations are fixed-width integer typedefs upstream; keep them as Java ints
    // with the C type in the cast so the generated JNI code passes the exact width.
    infoMap.put(new Info("OgaFinishReason", "OgaEngineEventFlags", "OgaErrorCode")
        .cast().valueTypes("int").pointerTypes("IntPointer", "IntBuffer", "int[]"));
  }
}
