package io.slm4j.llama.presets;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * JavaCPP preset for llama.cpp's C API ({@code llama.h}) and the ggml/gguf headers it includes.
 *
 * <p>The parser output lives in {@code src/gen/java} and is never edited by hand: change this class
 * and regenerate instead. Upstream names are kept (for example {@code llama_context}) so upstream
 * documentation applies unchanged; slm4j's facade is where Java spellings live.
 */
@Properties(
    target = "io.slm4j.llama",
    global = "io.slm4j.llama.global.llama",
    value = {
      @Platform(
          value = {"linux", "macosx"},
          include = {
            // JavaCPP does not follow #include: every header that declares API is listed.
            "ggml.h", "ggml-alloc.h", "ggml-backend.h", "ggml-cpu.h", "ggml-opt.h", "gguf.h",
            "llama.h", "slm4j_llama.h"
          },
          // Loaded by soname so the libraries extracted beside the JNI library are the ones used.
          link = {"ggml-base@.0", "ggml@.0", "llama@.0"},
          // Needed by the CPU backends that ggml dlopens later; bundled in the classifier jar.
          preload = {"gomp@.1"}),
      // The -cuda classifier jar (mvn -Pcuda) wins over the CPU one when both are present; its
      // ggml/ folder adds the CUDA backend to the CPU variants.
      @Platform(value = "linux-x86_64", extension = "-cuda"),
      @Platform(
          value = "windows",
          include = {
            "ggml.h", "ggml-alloc.h", "ggml-backend.h", "ggml-cpu.h", "ggml-opt.h", "gguf.h",
            "llama.h", "slm4j_llama.h"
          },
          link = {"ggml-base", "ggml", "llama"}),
    })
public class llama implements InfoMapper {

  @Override
  public void map(InfoMap infoMap) {
    // Export and attribute macros. Unmapped, the parser silently mistypes declarations (void
    // functions returning int, struct pointers as IntPointer) and the Java still compiles.
    infoMap.put(new Info("GGML_API", "GGML_BACKEND_API", "LLAMA_API").cppTypes().annotations());
    infoMap.put(new Info("GGML_NORETURN", "_Noreturn", "GGML_RESTRICT", "restrict", "__restrict",
            "__restrict__").cppTypes().annotations());

    // Statement macros for ggml kernel authors, not API.
    infoMap.put(new Info("GGML_TENSOR_LOCALS", "GGML_TENSOR_UNARY_OP_LOCALS",
            "GGML_TENSOR_BINARY_OP_LOCALS", "GGML_TENSOR_BINARY_OP_LOCALS01",
            "GGML_TENSOR_TERNARY_OP_LOCALS").skip());

    // Opaque handles declared as "typedef struct X * X_t": the handle is a pointer to the struct
    // class, and X_t* is a pointer to such a handle.
    String[][] handles = {
      {"ggml_backend_buffer_type_t", "ggml_backend_buffer_type"},
      {"ggml_backend_buffer_t", "ggml_backend_buffer"},
      {"ggml_backend_event_t", "ggml_backend_event"},
      {"ggml_backend_t", "ggml_backend"},
      {"ggml_backend_reg_t", "ggml_backend_reg"},
      {"ggml_backend_dev_t", "ggml_backend_device"},
      {"ggml_backend_sched_t", "ggml_backend_sched"},
      {"ggml_gallocr_t", "ggml_gallocr"},
      {"ggml_opt_dataset_t", "ggml_opt_dataset"},
      {"ggml_opt_context_t", "ggml_opt_context"},
      {"ggml_opt_result_t", "ggml_opt_result"},
      {"ggml_threadpool_t", "ggml_threadpool"},
      {"llama_memory_t", "llama_memory_i"},
    };
    for (String[] h : handles) {
      infoMap.put(new Info(h[0]).valueTypes(h[1]).pointerTypes("@ByPtrPtr " + h[1]));
    }

    // A GUID is 16 bytes addressed through a pointer, not a byte.
    infoMap.put(new Info("ggml_guid_t").valueTypes("@Cast(\"ggml_guid_t\") BytePointer")
            .pointerTypes("@Cast(\"ggml_guid_t*\") PointerPointer"));

    // These names are both an enum and a function returning it; C++ resolves the bare name to
    // the function, so the generated JNI code must spell the enum out.
    for (String e : new String[] {"ggml_backend_dev_type", "llama_pooling_type", "llama_vocab_type"}) {
      infoMap.put(new Info(e).valueTypes("@Cast(\"enum " + e + "\") int")
              .pointerTypes("@Cast(\"enum " + e + "*\") IntPointer"));
    }
    // The same clash for a struct returned by value; it only serves ggml's graph-copy debugging
    // helper, which Java callers have no use for.
    infoMap.put(new Info("ggml_backend_graph_copy", "ggml_backend_graph_copy_free").skip());

    // A backend-implementer proc type returning an array of handles: a Java implementation could
    // only return the address of a temporary, so it is left to C.
    infoMap.put(new Info("ggml_backend_dev_get_extra_bufts_t").skip());

    // Pointer.free() exists on every JavaCPP object: calling .free(...) on the sampler interface
    // would silently free the Java peer instead of setting the callback.
    infoMap.put(new Info("llama_sampler_i::free").javaNames("_free"));
  }
}
