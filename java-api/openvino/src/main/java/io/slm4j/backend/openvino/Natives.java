package io.slm4j.backend.openvino;

import static io.slm4j.openvino.global.openvino.*;

import io.slm4j.openvino.OpenVino;
import io.slm4j.openvino.ov_available_devices_t;
import io.slm4j.openvino.ov_compiled_model_t;
import io.slm4j.openvino.ov_core_t;
import io.slm4j.openvino.ov_model_t;
import io.slm4j.openvino.ov_output_const_port_t;
import io.slm4j.openvino.ov_property_t;
import io.slm4j.openvino.ov_shape_t;
import io.slm4j.openvino.ov_tensor_t;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/** Small wrappers over the C API calls the pipeline makes more than once. Not public API. */
final class Natives {
  private Natives() {}

  static List<String> availableDevices(ov_core_t core) {
    ov_available_devices_t devs = new ov_available_devices_t();
    OpenVino.check(ov_core_get_available_devices(core, devs), "ov_core_get_available_devices");
    try {
      List<String> names = new ArrayList<>();
      for (long i = 0; i < devs.size(); i++) {
        names.add(OpenVino.utf8(new BytePointer(devs.devices().get(i))));
      }
      return names;
    } finally {
      ov_available_devices_free(devs);
    }
  }

  /** One port of a model: its tensor name and element type. */
  record Port(String name, int elementType, String partialShape) {}

  static List<Port> inputs(ov_model_t model) {
    SizeTPointer n = new SizeTPointer(1);
    OpenVino.check(ov_model_inputs_size(model, n), "ov_model_inputs_size");
    List<Port> out = new ArrayList<>();
    for (long i = 0; i < n.get(); i++) {
      ov_output_const_port_t port = new ov_output_const_port_t();
      OpenVino.check(ov_model_const_input_by_index(model, i, port), "ov_model_const_input_by_index");
      out.add(describe(port));
    }
    return out;
  }

  static List<Port> outputs(ov_model_t model) {
    SizeTPointer n = new SizeTPointer(1);
    OpenVino.check(ov_model_outputs_size(model, n), "ov_model_outputs_size");
    List<Port> out = new ArrayList<>();
    for (long i = 0; i < n.get(); i++) {
      ov_output_const_port_t port = new ov_output_const_port_t();
      OpenVino.check(ov_model_const_output_by_index(model, i, port), "ov_model_const_output_by_index");
      out.add(describe(port));
    }
    return out;
  }

  private static Port describe(ov_output_const_port_t port) {
    try {
      BytePointer name = new BytePointer((Pointer) null);
      String n;
      // A port may have no tensor name at all (the tokenizer IRs' string inputs can be unnamed).
      if (ov_port_get_any_name(port, name) == OK) {
        n = OpenVino.utf8(name);
        ov_free(name);
      } else {
        n = "";
      }
      IntPointer type = new IntPointer(1);
      OpenVino.check(ov_port_get_element_type(port, type), "ov_port_get_element_type");
      io.slm4j.openvino.ov_partial_shape_t ps = new io.slm4j.openvino.ov_partial_shape_t();
      OpenVino.check(ov_port_get_partial_shape(port, ps), "ov_port_get_partial_shape");
      BytePointer text = ov_partial_shape_to_string(ps);
      String shape = OpenVino.utf8(text);
      ov_free(text);
      ov_partial_shape_free(ps);
      return new Port(n, type.get(), shape);
    } finally {
      ov_output_const_port_free(port);
    }
  }

  static ov_compiled_model_t compile(ov_core_t core, ov_model_t model, String device, Map<String, String> props) {
    List<BytePointer> keep = new ArrayList<>();
    ov_property_t array = props.isEmpty() ? null : new ov_property_t(props.size());
    int i = 0;
    for (Map.Entry<String, String> e : props.entrySet()) {
      BytePointer k = OpenVino.utf8(e.getKey());
      BytePointer v = OpenVino.utf8(e.getValue());
      keep.add(k);
      keep.add(v);
      array.position(i++).key(k).value(v);
    }
    if (array != null) {
      array.position(0);
    }
    ov_compiled_model_t compiled = new ov_compiled_model_t();
    OpenVino.check(ov_core_compile_model_props(core, model, OpenVino.utf8(device), props.size(), array, compiled),
        "ov_core_compile_model_props(" + device + ")");
    keep.clear();
    return compiled;
  }

  /** A tensor over caller-owned memory; free the handle with ov_tensor_free (memory stays). */
  static ov_tensor_t wrap(int type, Pointer data, long... dims) {
    ov_shape_t shape = new ov_shape_t();
    OpenVino.check(ov_shape_create(dims.length, dims, shape), "ov_shape_create");
    try {
      ov_tensor_t t = new ov_tensor_t();
      OpenVino.check(ov_tensor_create_from_host_ptr(type, shape, data, t), "ov_tensor_create_from_host_ptr");
      return t;
    } finally {
      ov_shape_free(shape);
    }
  }

  static long[] shape(ov_tensor_t t) {
    ov_shape_t shape = new ov_shape_t();
    OpenVino.check(ov_tensor_get_shape(t, shape), "ov_tensor_get_shape");
    try {
      long[] dims = new long[(int) shape.rank()];
      shape.dims().get(dims);
      return dims;
    } finally {
      ov_shape_free(shape);
    }
  }

  static Pointer data(ov_tensor_t t) {
    Pointer p = new Pointer();
    OpenVino.check(ov_tensor_data(t, p), "ov_tensor_data");
    return p;
  }
}
