package io.slm4j.openvino.presets;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * JavaCPP mapping of the whole OpenVINO C API ({@code openvino/c/openvino.h}, OpenVINO 2026.4) onto
 * {@code io.slm4j.openvino} and {@code io.slm4j.openvino.global.openvino}.
 *
 * <p>The libraries come from the official {@code openvino} and {@code openvino-tokenizers} wheels,
 * staged flat by {@code native/stage-openvino}. Everything OpenVINO {@code dlopen}s itself (device
 * plugins, frontends) is listed in {@code preload}: that makes {@link org.bytedeco.javacpp.Loader}
 * extract it next to {@code libopenvino.so}, which is where OpenVINO looks for plugins when there is
 * no {@code plugins.xml} (the wheels ship none). A preload that cannot be loaded here (the GPU plugin
 * without {@code libOpenCL.so.1}) is still extracted and simply not listed as a device by OpenVINO.
 */
@Properties(
    target = "io.slm4j.openvino",
    global = "io.slm4j.openvino.global.openvino",
    value = {
      @Platform(
          value = "linux-x86_64",
          include = {
            "openvino/c/ov_common.h",
            "openvino/c/ov_dimension.h",
            "openvino/c/ov_rank.h",
            "openvino/c/ov_shape.h",
            "openvino/c/ov_partial_shape.h",
            "openvino/c/ov_layout.h",
            "openvino/c/ov_tensor.h",
            "openvino/c/ov_node.h",
            "openvino/c/ov_model.h",
            "openvino/c/ov_prepostprocess.h",
            "openvino/c/ov_property.h",
            "openvino/c/auto/properties.h",
            "openvino/c/gpu/gpu_plugin_properties.h",
            "openvino/c/ov_remote_context.h",
            "openvino/c/ov_infer_request.h",
            "openvino/c/ov_compiled_model.h",
            "openvino/c/ov_core.h",
            "openvino/c/ov_util.h",
            "openvino/c/openvino.h",
            // slm4j's own: variable states (query, reset, trim), string tensor reads and the
            // last-position logits slice, absent from the C API.
            "slm4j/ov_extras.h"
          },
          link = {"openvino@.2641", "openvino_c@.2641"},
          // Order matters only for extraction and symbol resolution; every library carries
          // RPATH $ORIGIN, so NEEDED entries resolve inside the one extraction folder.
          preload = {
            "tbb@.12",
            "tbbmalloc@.2",
            "hwloc@.15",
            "tbbbind_2_5@.3",
            "openvino@.2641",
            "openvino_ir_frontend@.2641",
            "openvino_onnx_frontend@.2641",
            "openvino_intel_cpu_plugin",
            "openvino_auto_plugin",
            "openvino_auto_batch_plugin",
            "openvino_hetero_plugin",
            "openvino_intel_npu_plugin",
            "openvino_intel_gpu_plugin",
            "openvino_tokenizers"
          },
          // Kernel tuning data the GPU plugin reads from its own folder.
          resource = {"cache.json"})
    })
public class openvino implements InfoMapper {

  /** Property-pair overloads generated for each variadic function (0 to this many pairs). */
  static final int MAX_PROPERTY_PAIRS = 4;

  @Override
  public void map(InfoMap infoMap) {
    // Export and attribute macros. Their real definitions depend on compiler tests that JavaCPP's
    // preprocessor does not evaluate; the generated JNI code still includes the real headers.
    infoMap
        .put(new Info("OPENVINO_C_API").cppText("#define OPENVINO_C_API(...) __VA_ARGS__"))
        .put(new Info("OPENVINO_C_VAR").cppText("#define OPENVINO_C_VAR(...) extern __VA_ARGS__"))
        .put(new Info("OPENVINO_C_API_EXTERN", "OPENVINO_C_API_CALLBACK", "OV_NODISCARD")
            .cppTypes().annotations())
        .put(new Info("OPENVINO_DEPRECATED", "OPENVINO_ENUM_DEPRECATED").cppTypes().annotations())
        // "#define BOOLEAN OV_BOOLEAN" only renames an enum constant for Windows.h users.
        .put(new Info("BOOLEAN").skip())
        // Wide-character paths exist for Windows; on Linux paths are UTF-8 bytes, use the plain ones.
        .put(new Info("OPENVINO_ENABLE_UNICODE_PATH_SUPPORT").define(false));

    // ov_rank_t is a typedef of ov_dimension_t: one Java class for both.
    infoMap.put(new Info("ov_rank_t").pointerTypes("ov_dimension_t"));

    // Variadic functions: C varargs cannot be expressed in JNI, so each gets fixed-arity overloads
    // with 0..MAX_PROPERTY_PAIRS key/value pairs (keys and values as UTF-8 byte strings).
    infoMap.put(new Info("ov_core_compile_model").javaText(variadic(
        "ov_core_compile_model",
        "@Const ov_core_t core, @Const ov_model_t model, @Cast(\"const char*\") BytePointer device_name,"
            + " @Cast(\"const size_t\") long property_args_size, @Cast(\"ov_compiled_model_t**\") PointerPointer compiled_model",
        0, false)));
    infoMap.put(new Info("ov_core_compile_model_from_file").javaText(variadic(
        "ov_core_compile_model_from_file",
        "@Const ov_core_t core, @Cast(\"const char*\") BytePointer model_path, @Cast(\"const char*\") BytePointer device_name,"
            + " @Cast(\"const size_t\") long property_args_size, @Cast(\"ov_compiled_model_t**\") PointerPointer compiled_model",
        0, false)));
    infoMap.put(new Info("ov_core_compile_model_with_context").javaText(variadic(
        "ov_core_compile_model_with_context",
        "@Const ov_core_t core, @Const ov_model_t model, @Const ov_remote_context_t context,"
            + " @Cast(\"const size_t\") long property_args_size, @Cast(\"ov_compiled_model_t**\") PointerPointer compiled_model",
        0, false)));
    infoMap.put(new Info("ov_core_set_property").javaText(variadic(
        "ov_core_set_property",
        "@Const ov_core_t core, @Cast(\"const char*\") BytePointer device_name", 1, false)));
    infoMap.put(new Info("ov_compiled_model_set_property").javaText(variadic(
        "ov_compiled_model_set_property", "@Const ov_compiled_model_t compiled_model", 1, false)));
    // Remote context and remote tensor parameters are (key, native handle or value) pairs.
    infoMap.put(new Info("ov_core_create_context").javaText(variadic(
        "ov_core_create_context",
        "@Const ov_core_t core, @Cast(\"const char*\") BytePointer device_name,"
            + " @Cast(\"const size_t\") long context_args_size, @Cast(\"ov_remote_context_t**\") PointerPointer context",
        0, true)));
    infoMap.put(new Info("ov_remote_context_create_tensor").javaText(variadic(
        "ov_remote_context_create_tensor",
        "@Const ov_remote_context_t context, @Cast(\"const ov_element_type_e\") int type, @Const @ByVal ov_shape_t shape,"
            + " @Cast(\"const size_t\") long object_args_size, @Cast(\"ov_tensor_t**\") PointerPointer remote_tensor",
        0, true)));
    StringBuilder colour = new StringBuilder();
    for (int n = 0; n <= 3; n++) {
      colour.append("public static native @Cast(\"ov_status_e\") int ov_preprocess_input_tensor_info_set_color_format_with_subname(")
          .append("ov_preprocess_input_tensor_info_t preprocess_input_tensor_info, @Cast(\"const ov_color_format_e\") int colorFormat,")
          .append(" @Cast(\"const size_t\") long sub_names_size");
      for (int i = 0; i < n; i++) {
        colour.append(", @Cast(\"const char*\") BytePointer sub_name").append(i);
      }
      colour.append(");\n");
    }
    infoMap.put(new Info("ov_preprocess_input_tensor_info_set_color_format_with_subname")
        .javaText(colour.toString()));
  }

  /**
   * Fixed-arity overloads of a variadic C function whose tail is a list of (key, value) pairs.
   *
   * @param name the C function
   * @param fixed its fixed Java parameters
   * @param minPairs the smallest number of pairs the C function accepts
   * @param pointerValues whether values are native pointers rather than strings
   * @return Java declarations for the parser to emit
   */
  static String variadic(String name, String fixed, int minPairs, boolean pointerValues) {
    StringBuilder sb = new StringBuilder();
    for (int n = minPairs; n <= MAX_PROPERTY_PAIRS; n++) {
      sb.append("public static native @Cast(\"ov_status_e\") int ").append(name).append('(').append(fixed);
      for (int i = 1; i <= n; i++) {
        sb.append(", @Cast(\"const char*\") BytePointer key").append(i);
        sb.append(pointerValues ? ", Pointer value" : ", @Cast(\"const char*\") BytePointer value").append(i);
      }
      sb.append(");\n");
    }
    return sb.toString();
  }
}
