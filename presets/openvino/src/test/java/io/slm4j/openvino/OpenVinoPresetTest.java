package io.slm4j.openvino;

import static io.slm4j.openvino.global.openvino.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preset against the real OpenVINO natives, on models the test writes itself. */
class OpenVinoPresetTest {
  static ov_core_t core;

  @BeforeAll
  static void createCore() {
    OpenVino.load();
    core = new ov_core_t();
    OpenVino.check(ov_core_create(core), "ov_core_create");
  }

  @AfterAll
  static void freeCore() {
    ov_core_free(core);
  }

  static List<String> devices() {
    ov_available_devices_t devs = new ov_available_devices_t();
    OpenVino.check(ov_core_get_available_devices(core, devs), "ov_core_get_available_devices");
    List<String> names = new ArrayList<>();
    for (long i = 0; i < devs.size(); i++) {
      names.add(OpenVino.utf8(new BytePointer(devs.devices().get(i))));
    }
    ov_available_devices_free(devs);
    return names;
  }

  @Test
  void cpuIsAvailableAndDescribed() {
    List<String> names = devices();
    assertTrue(names.contains("CPU"), "devices: " + names);
    BytePointer value = new BytePointer((Pointer) null);
    OpenVino.check(ov_core_get_property(core, "CPU", "FULL_DEVICE_NAME", value), "ov_core_get_property");
    String cpuName = OpenVino.utf8(value);
    ov_free(value);
    assertFalse(cpuName.isBlank());
  }

  @Test
  void versionIsThePinnedRelease() {
    ov_version_t v = new ov_version_t();
    OpenVino.check(ov_get_openvino_version(v), "ov_get_openvino_version");
    String build = OpenVino.utf8(v.buildNumber());
    ov_version_free(v);
    assertTrue(build.startsWith("2026.4.1"), build);
  }

  @Test
  void unknownDeviceIsAnExceptionWithTheNativeMessage() {
    BytePointer value = new BytePointer((Pointer) null);
    OpenVinoException e = assertThrows(OpenVinoException.class, () -> OpenVino.check(
        ov_core_get_property(core, "NO_SUCH_DEVICE", "FULL_DEVICE_NAME", value), "ov_core_get_property"));
    assertEquals("GENERAL_ERROR", e.statusName());
    assertTrue(e.nativeMessage().contains("NO_SUCH_DEVICE"), e.getMessage());
  }

  static ov_model_t readMatmulFromMemory(ov_tensor_t[] weightsOut, FloatPointer[] keep) {
    byte[] w = TinyIr.matmulWeights();
    BytePointer weightBytes = new BytePointer(w.length);
    weightBytes.put(w);
    ov_shape_t shape = new ov_shape_t();
    OpenVino.check(ov_shape_create(1, new long[] {w.length}, shape), "ov_shape_create");
    ov_tensor_t weights = new ov_tensor_t();
    OpenVino.check(ov_tensor_create_from_host_ptr(U8, shape, weightBytes, weights), "ov_tensor_create_from_host_ptr");
    ov_shape_free(shape);
    BytePointer xml = OpenVino.utf8(TinyIr.MATMUL_XML);
    ov_model_t model = new ov_model_t();
    OpenVino.check(ov_core_read_model_from_memory_buffer(core, xml, BytePointer.strlen(xml), weights, model),
        "ov_core_read_model_from_memory_buffer");
    weightsOut[0] = weights;
    keep[0] = new FloatPointer(weightBytes);
    return model;
  }

  static float[] inferMatmul(ov_compiled_model_t compiled, float[] x, boolean async) throws Exception {
    ov_infer_request_t request = new ov_infer_request_t();
    OpenVino.check(ov_compiled_model_create_infer_request(compiled, request), "create_infer_request");
    // Zero-copy input: the tensor wraps Java-owned native memory.
    FloatPointer input = new FloatPointer(x);
    ov_shape_t shape = new ov_shape_t();
    OpenVino.check(ov_shape_create(2, new long[] {x.length / 3, 3}, shape), "ov_shape_create");
    ov_tensor_t tensor = new ov_tensor_t();
    OpenVino.check(ov_tensor_create_from_host_ptr(F32, shape, input, tensor), "ov_tensor_create_from_host_ptr");
    OpenVino.check(ov_infer_request_set_tensor(request, "x", tensor), "ov_infer_request_set_tensor");
    if (async) {
      CountDownLatch done = new CountDownLatch(1);
      ov_callback_t.Callback_func_Pointer fn = new ov_callback_t.Callback_func_Pointer() {
        @Override public void call(Pointer args) {
          done.countDown();
        }
      };
      ov_callback_t cb = new ov_callback_t();
      cb.callback_func(fn).args(null);
      OpenVino.check(ov_infer_request_set_callback(request, cb), "ov_infer_request_set_callback");
      OpenVino.check(ov_infer_request_start_async(request), "ov_infer_request_start_async");
      assertTrue(done.await(30, TimeUnit.SECONDS), "completion callback not called");
      OpenVino.check(ov_infer_request_wait(request), "ov_infer_request_wait");
      fn.close();
    } else {
      OpenVino.check(ov_infer_request_infer(request), "ov_infer_request_infer");
    }
    ov_tensor_t out = new ov_tensor_t();
    OpenVino.check(ov_infer_request_get_output_tensor_by_index(request, 0, out), "get_output_tensor");
    SizeTPointer n = new SizeTPointer(1);
    OpenVino.check(ov_tensor_get_size(out, n), "ov_tensor_get_size");
    Pointer data = new Pointer();
    OpenVino.check(ov_tensor_data(out, data), "ov_tensor_data");
    float[] y = new float[(int) n.get()];
    new FloatPointer(data).get(y);
    ov_tensor_free(out);
    ov_tensor_free(tensor);
    ov_shape_free(shape);
    ov_infer_request_free(request);
    return y;
  }

  static ov_compiled_model_t compile(ov_model_t model) {
    ov_compiled_model_t compiled = new ov_compiled_model_t();
    ov_property_t props = new ov_property_t(1);
    BytePointer key = OpenVino.utf8("PERFORMANCE_HINT");
    BytePointer val = OpenVino.utf8("LATENCY");
    props.key(key).value(val);
    OpenVino.check(ov_core_compile_model_props(core, model, "CPU", 1, props, compiled), "ov_core_compile_model_props");
    return compiled;
  }

  @Test
  void modelFromMemoryCompilesAndInfersOnCpu() throws Exception {
    ov_tensor_t[] weights = new ov_tensor_t[1];
    FloatPointer[] keep = new FloatPointer[1];
    ov_model_t model = readMatmulFromMemory(weights, keep);
    assertTrue(ov_model_is_dynamic(model));
    ov_output_const_port_t port = new ov_output_const_port_t();
    OpenVino.check(ov_model_const_input(model, port), "ov_model_const_input");
    ov_partial_shape_t ps = new ov_partial_shape_t();
    OpenVino.check(ov_port_get_partial_shape(port, ps), "ov_port_get_partial_shape");
    BytePointer psText = ov_partial_shape_to_string(ps);
    assertEquals("{?,3}", OpenVino.utf8(psText));
    ov_free(psText);
    ov_partial_shape_free(ps);
    ov_output_const_port_free(port);

    ov_compiled_model_t compiled = compile(model);
    // x = [[1,0,0],[1,1,1]] -> rows of W summed: [[1,2],[9,12]]
    assertArrayEquals(new float[] {1, 2, 9, 12}, inferMatmul(compiled, new float[] {1, 0, 0, 1, 1, 1}, false), 1e-6f);
    // Async with a completion callback; different batch size through the dynamic dimension.
    assertArrayEquals(new float[] {22, 28}, inferMatmul(compiled, new float[] {1, 2, 3}, true), 1e-5f);
    ov_compiled_model_free(compiled);
    ov_model_free(model);
    ov_tensor_free(weights[0]);
  }

  @Test
  void modelFromFilesAndTheErrorsOfBadFiles(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("m.xml");
    Path bin = dir.resolve("m.bin");
    Files.writeString(xml, TinyIr.MATMUL_XML, StandardCharsets.UTF_8);
    Files.write(bin, TinyIr.matmulWeights());
    ov_model_t model = new ov_model_t();
    OpenVino.check(ov_core_read_model(core, OpenVino.utf8(xml.toString()), OpenVino.utf8(bin.toString()), model),
        "ov_core_read_model");
    ov_compiled_model_t compiled = compile(model);
    assertArrayEquals(new float[] {4, 6}, inferMatmul(compiled, new float[] {1, 1, 0}, false), 1e-6f);
    ov_compiled_model_free(compiled);
    ov_model_free(model);

    OpenVinoException missing = assertThrows(OpenVinoException.class, () -> OpenVino.check(
        ov_core_read_model(core, OpenVino.utf8(dir.resolve("none.xml").toString()), null, new ov_model_t()), "read"));
    assertTrue(missing.nativeMessage().contains("none.xml"), missing.getMessage());

    Files.delete(bin);
    assertThrows(OpenVinoException.class, () -> OpenVino.check(
        ov_core_read_model(core, OpenVino.utf8(xml.toString()), null, new ov_model_t()), "read"));

    Files.writeString(xml, TinyIr.MATMUL_XML.substring(0, 300), StandardCharsets.UTF_8);
    Files.write(bin, TinyIr.matmulWeights());
    OpenVinoException corrupt = assertThrows(OpenVinoException.class, () -> OpenVino.check(
        ov_core_read_model(core, OpenVino.utf8(xml.toString()), null, new ov_model_t()), "read"));
    assertFalse(corrupt.nativeMessage().isBlank());
  }

  @Test
  void variableStatesCanBeQueriedSetTrimmedAndReset() throws Exception {
    byte[] zeros = new byte[8];
    BytePointer zeroBytes = new BytePointer(zeros.length);
    zeroBytes.put(zeros);
    ov_shape_t wshape = new ov_shape_t();
    OpenVino.check(ov_shape_create(1, new long[] {8}, wshape), "ov_shape_create");
    ov_tensor_t weights = new ov_tensor_t();
    OpenVino.check(ov_tensor_create_from_host_ptr(U8, wshape, zeroBytes, weights), "tensor");
    BytePointer xml = OpenVino.utf8(TinyIr.ACCUMULATOR_XML);
    ov_model_t model = new ov_model_t();
    OpenVino.check(ov_core_read_model_from_memory_buffer(core, xml, BytePointer.strlen(xml), weights, model), "read");
    ov_compiled_model_t compiled = compile(model);
    ov_infer_request_t request = new ov_infer_request_t();
    OpenVino.check(ov_compiled_model_create_infer_request(compiled, request), "create_infer_request");

    FloatPointer x = new FloatPointer(1f, 2f);
    ov_shape_t shape = new ov_shape_t();
    OpenVino.check(ov_shape_create(2, new long[] {1, 2}, shape), "ov_shape_create");
    ov_tensor_t tensor = new ov_tensor_t();
    OpenVino.check(ov_tensor_create_from_host_ptr(F32, shape, x, tensor), "tensor");
    OpenVino.check(ov_infer_request_set_input_tensor(request, tensor), "set_input_tensor");

    assertArrayEquals(new float[] {1, 2}, inferOnce(request), 0f);
    assertArrayEquals(new float[] {2, 4}, inferOnce(request), 0f);

    SizeTPointer count = new SizeTPointer(1);
    OpenVino.check(slm4j_ov_infer_request_query_state_size(request, count), "slm4j_ov_infer_request_query_state_size");
    assertEquals(1, count.get());
    slm4j_ov_variable_state_t state = new slm4j_ov_variable_state_t();
    OpenVino.check(slm4j_ov_infer_request_query_state(request, 0, state), "slm4j_ov_infer_request_query_state");
    BytePointer name = new BytePointer((Pointer) null);
    OpenVino.check(slm4j_ov_variable_state_get_name(state, name), "slm4j_ov_variable_state_get_name");
    assertEquals("acc", OpenVino.utf8(name));
    ov_free(name);
    ov_tensor_t value = new ov_tensor_t();
    OpenVino.check(slm4j_ov_variable_state_get_state(state, value), "slm4j_ov_variable_state_get_state");
    Pointer data = new Pointer();
    OpenVino.check(ov_tensor_data(value, data), "ov_tensor_data");
    float[] v = new float[2];
    new FloatPointer(data).get(v);
    assertArrayEquals(new float[] {2, 4}, v, 0f);
    ov_tensor_free(value);

    // set_state: the next inference continues from the value we put in.
    FloatPointer ten = new FloatPointer(10f, 20f);
    ov_tensor_t tenTensor = new ov_tensor_t();
    OpenVino.check(ov_tensor_create_from_host_ptr(F32, shape, ten, tenTensor), "tensor");
    OpenVino.check(slm4j_ov_variable_state_set_state(state, tenTensor), "slm4j_ov_variable_state_set_state");
    assertArrayEquals(new float[] {11, 22}, inferOnce(request), 0f);

    // Trim along axis 1 to one entry is a real shape change; trimming past the length is a no-op.
    SizeTPointer trimmed = new SizeTPointer(1);
    OpenVino.check(slm4j_ov_infer_request_trim_state(request, 1, 5, trimmed), "slm4j_ov_infer_request_trim_state");
    assertEquals(0, trimmed.get());

    OpenVino.check(slm4j_ov_variable_state_reset(state), "slm4j_ov_variable_state_reset");
    assertArrayEquals(new float[] {1, 2}, inferOnce(request), 0f);
    OpenVino.check(slm4j_ov_infer_request_reset_state(request), "slm4j_ov_infer_request_reset_state");
    assertArrayEquals(new float[] {1, 2}, inferOnce(request), 0f);

    OpenVinoException bad = assertThrows(OpenVinoException.class, () -> OpenVino.check(
        slm4j_ov_infer_request_query_state(request, 7, new slm4j_ov_variable_state_t()), "slm4j_ov_infer_request_query_state"));
    assertTrue(bad.nativeMessage().contains("out of range"), bad.getMessage());

    slm4j_ov_variable_state_free(state);
    ov_tensor_free(tenTensor);
    ov_tensor_free(tensor);
    ov_shape_free(shape);
    ov_shape_free(wshape);
    ov_infer_request_free(request);
    ov_compiled_model_free(compiled);
    ov_model_free(model);
    ov_tensor_free(weights);
  }

  static float[] inferOnce(ov_infer_request_t request) {
    OpenVino.check(ov_infer_request_infer(request), "ov_infer_request_infer");
    ov_tensor_t out = new ov_tensor_t();
    OpenVino.check(ov_infer_request_get_output_tensor(request, out), "get_output_tensor");
    Pointer data = new Pointer();
    OpenVino.check(ov_tensor_data(out, data), "ov_tensor_data");
    float[] y = new float[2];
    new FloatPointer(data).get(y);
    ov_tensor_free(out);
    return y;
  }

  @Test
  void preprocessingConvertsU8InputToTheModelsF32() throws Exception {
    ov_tensor_t[] weights = new ov_tensor_t[1];
    FloatPointer[] keep = new FloatPointer[1];
    ov_model_t model = readMatmulFromMemory(weights, keep);
    ov_preprocess_prepostprocessor_t ppp = new ov_preprocess_prepostprocessor_t();
    OpenVino.check(ov_preprocess_prepostprocessor_create(model, ppp), "ppp_create");
    ov_preprocess_input_info_t in = new ov_preprocess_input_info_t();
    OpenVino.check(ov_preprocess_prepostprocessor_get_input_info(ppp, in), "get_input_info");
    ov_preprocess_input_tensor_info_t ti = new ov_preprocess_input_tensor_info_t();
    OpenVino.check(ov_preprocess_input_info_get_tensor_info(in, ti), "get_tensor_info");
    OpenVino.check(ov_preprocess_input_tensor_info_set_element_type(ti, U8), "set_element_type");
    ov_preprocess_preprocess_steps_t steps = new ov_preprocess_preprocess_steps_t();
    OpenVino.check(ov_preprocess_input_info_get_preprocess_steps(in, steps), "get_preprocess_steps");
    OpenVino.check(ov_preprocess_preprocess_steps_convert_element_type(steps, F32), "convert_element_type");
    OpenVino.check(ov_preprocess_preprocess_steps_scale(steps, 2f), "scale");
    ov_model_t built = new ov_model_t();
    OpenVino.check(ov_preprocess_prepostprocessor_build(ppp, built), "ppp_build");

    ov_compiled_model_t compiled = compile(built);
    ov_infer_request_t request = new ov_infer_request_t();
    OpenVino.check(ov_compiled_model_create_infer_request(compiled, request), "create_infer_request");
    BytePointer x = new BytePointer((byte) 2, (byte) 0, (byte) 4); // scaled by 1/2 -> [1,0,2]
    ov_shape_t shape = new ov_shape_t();
    OpenVino.check(ov_shape_create(2, new long[] {1, 3}, shape), "ov_shape_create");
    ov_tensor_t tensor = new ov_tensor_t();
    OpenVino.check(ov_tensor_create_from_host_ptr(U8, shape, x, tensor), "tensor");
    OpenVino.check(ov_infer_request_set_input_tensor(request, tensor), "set_input_tensor");
    assertArrayEquals(new float[] {11, 14}, inferOnce(request), 1e-6f);

    ov_tensor_free(tensor);
    ov_shape_free(shape);
    ov_infer_request_free(request);
    ov_compiled_model_free(compiled);
    ov_model_free(built);
    ov_preprocess_preprocess_steps_free(steps);
    ov_preprocess_input_tensor_info_free(ti);
    ov_preprocess_input_info_free(in);
    ov_preprocess_prepostprocessor_free(ppp);
    ov_model_free(model);
    ov_tensor_free(weights[0]);
  }

  @Test
  void lastPositionSliceKeepsOnlyTheLastRowOfTheLmHead() throws Exception {
    byte[] w = TinyIr.matmulWeights();
    BytePointer weightBytes = new BytePointer(w.length);
    weightBytes.put(w);
    ov_tensor_t weights = tensor(U8, weightBytes, w.length);
    BytePointer xml = OpenVino.utf8(TinyIr.LM_HEAD_XML);
    ov_model_t model = new ov_model_t();
    OpenVino.check(ov_core_read_model_from_memory_buffer(core, xml, BytePointer.strlen(xml), weights, model), "read");
    int[] applied = new int[1];
    OpenVino.check(slm4j_ov_model_slice_last_position(model, "logits", applied), "slm4j_ov_model_slice_last_position");
    assertEquals(1, applied[0]);
    OpenVinoException missing = assertThrows(OpenVinoException.class, () -> OpenVino.check(
        slm4j_ov_model_slice_last_position(model, "no_such_output", new int[1]), "slm4j_ov_model_slice_last_position"));
    assertFalse(missing.nativeMessage().isBlank());

    ov_compiled_model_t compiled = compile(model);
    ov_infer_request_t request = new ov_infer_request_t();
    OpenVino.check(ov_compiled_model_create_infer_request(compiled, request), "create_infer_request");
    // Three positions; only the last ([0,0,1] -> row 3 of W) must come out.
    FloatPointer h = new FloatPointer(1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f);
    ov_tensor_t input = tensor(F32, h, 1, 3, 3);
    OpenVino.check(ov_infer_request_set_input_tensor(request, input), "set_input_tensor");
    OpenVino.check(ov_infer_request_infer(request), "infer");
    ov_tensor_t out = new ov_tensor_t();
    OpenVino.check(ov_infer_request_get_output_tensor(request, out), "get_output_tensor");
    ov_shape_t shape = new ov_shape_t();
    OpenVino.check(ov_tensor_get_shape(out, shape), "ov_tensor_get_shape");
    long[] dims = new long[(int) shape.rank()];
    shape.dims().get(dims);
    assertArrayEquals(new long[] {1, 1, 2}, dims);
    assertArrayEquals(new float[] {5, 6}, inferOnceOutput(out), 0f);
    long[] index = new long[1];
    float[] value = new float[1];
    OpenVino.check(slm4j_ov_tensor_argmax_last_row(out, index, value), "slm4j_ov_tensor_argmax_last_row");
    assertEquals(1, index[0]);
    assertEquals(6f, value[0]);
    ov_shape_free(shape);
    ov_tensor_free(out);
    ov_tensor_free(input);
    ov_infer_request_free(request);
    ov_compiled_model_free(compiled);
    ov_model_free(model);
    ov_tensor_free(weights);
  }

  static ov_tensor_t tensor(int type, Pointer data, long... dims) {
    ov_shape_t shape = new ov_shape_t();
    OpenVino.check(ov_shape_create(dims.length, dims, shape), "ov_shape_create");
    ov_tensor_t t = new ov_tensor_t();
    OpenVino.check(ov_tensor_create_from_host_ptr(type, shape, data, t), "ov_tensor_create_from_host_ptr");
    ov_shape_free(shape);
    return t;
  }

  static float[] inferOnceOutput(ov_tensor_t out) {
    Pointer data = new Pointer();
    OpenVino.check(ov_tensor_data(out, data), "ov_tensor_data");
    float[] y = new float[2];
    new FloatPointer(data).get(y);
    return y;
  }

  @Test
  void stringTensorsCanBeReadBack() {
    BytePointer text = OpenVino.utf8("grüße 🙂");
    ov_shape_t shape = new ov_shape_t();
    OpenVino.check(ov_shape_create(1, new long[] {1}, shape), "ov_shape_create");
    ov_tensor_t t = new ov_tensor_t();
    OpenVino.check(ov_tensor_create_from_string_array(text, 1, shape, t), "ov_tensor_create_from_string_array");
    BytePointer data = new BytePointer((Pointer) null);
    SizeTPointer size = new SizeTPointer(1);
    OpenVino.check(slm4j_ov_tensor_get_string(t, 0, data, size), "slm4j_ov_tensor_get_string");
    byte[] bytes = new byte[(int) size.get()];
    data.capacity(bytes.length).get(bytes);
    assertEquals("grüße 🙂", new String(bytes, StandardCharsets.UTF_8));
    assertThrows(OpenVinoException.class, () -> OpenVino.check(
        slm4j_ov_tensor_get_string(t, 5, new BytePointer((Pointer) null), new SizeTPointer(1)), "slm4j_ov_tensor_get_string"));
    ov_tensor_free(t);
    ov_shape_free(shape);
  }

  @Test
  void tokenizersExtensionIsBundledAndLoads() {
    Path ext = OpenVino.tokenizersExtension();
    assertTrue(Files.isRegularFile(ext), ext.toString());
    ov_core_t c = new ov_core_t();
    OpenVino.check(ov_core_create(c), "ov_core_create");
    OpenVino.check(ov_core_add_extension(c, OpenVino.utf8(ext.toString())), "ov_core_add_extension");
    ov_core_free(c);
  }
}
