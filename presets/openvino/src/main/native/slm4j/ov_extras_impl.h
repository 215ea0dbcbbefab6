// slm4j: implementation of ov_extras.h over OpenVINO's C++ API. Compiled into the JNI library
// (the preset passes "-include slm4j/ov_extras_impl.h"), never parsed by JavaCPP.
#pragma once
#ifdef __cplusplus
#include "slm4j/ov_extras.h"
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <climits>
#include "openvino/core/model.hpp"
#include "openvino/op/constant.hpp"
#include "openvino/op/matmul.hpp"
#include "openvino/op/slice.hpp"
#include "openvino/runtime/infer_request.hpp"
#include "openvino/runtime/tensor.hpp"
#include "openvino/runtime/variable_state.hpp"

// The C API's handles are these structs (src/bindings/c/src/common.h in OpenVINO, unchanged
// since 2022.1): a shared_ptr to the C++ object. Not in the public headers, so restated here;
// an OpenVINO update must re-check them.
struct ov_infer_request {
    std::shared_ptr<ov::InferRequest> object;
};
struct ov_tensor {
    std::shared_ptr<ov::Tensor> object;
};
struct ov_model {
    std::shared_ptr<ov::Model> object;
};
struct slm4j_ov_variable_state {
    ov::VariableState object;
};

// JavaCPP compiles two translation units that both see this file: the functions are inline (one
// copy kept by the linker) and the message lives in an inline function, so both agree on it.
inline std::string& slm4j_ov_last_error_ref() {
    static thread_local std::string message;
    return message;
}

#define SLM4J_OV_TRY slm4j_ov_last_error_ref().clear(); try {
#define SLM4J_OV_CATCH                                                        \
    } catch (const std::exception& e) {                                       \
        slm4j_ov_last_error_ref() = e.what();                                       \
        return GENERAL_ERROR;                                                 \
    } catch (...) {                                                           \
        slm4j_ov_last_error_ref() = "unknown C++ exception";                        \
        return UNKNOW_EXCEPTION;                                              \
    }                                                                         \
    return OK;

extern "C" {

inline const char* slm4j_ov_get_last_err_msg(void) { return slm4j_ov_last_error_ref().c_str(); }

inline ov_status_e slm4j_ov_infer_request_query_state_size(const ov_infer_request_t* r, size_t* size) {
    if (!r || !size) { slm4j_ov_last_error_ref() = "null argument"; return INVALID_C_PARAM; }
    SLM4J_OV_TRY
    *size = r->object->query_state().size();
    SLM4J_OV_CATCH
}

inline ov_status_e slm4j_ov_infer_request_query_state(const ov_infer_request_t* r, size_t index,
                                               slm4j_ov_variable_state_t** state) {
    if (!r || !state) { slm4j_ov_last_error_ref() = "null argument"; return INVALID_C_PARAM; }
    SLM4J_OV_TRY
    std::vector<ov::VariableState> all = r->object->query_state();
    if (index >= all.size()) {
        slm4j_ov_last_error_ref() = "state index " + std::to_string(index) + " out of range (" +
                              std::to_string(all.size()) + " states)";
        return OUT_OF_BOUNDS;
    }
    *state = new slm4j_ov_variable_state{all[index]};
    SLM4J_OV_CATCH
}

inline ov_status_e slm4j_ov_infer_request_reset_state(ov_infer_request_t* r) {
    if (!r) { slm4j_ov_last_error_ref() = "null argument"; return INVALID_C_PARAM; }
    SLM4J_OV_TRY
    r->object->reset_state();
    SLM4J_OV_CATCH
}

inline ov_status_e slm4j_ov_infer_request_trim_state(ov_infer_request_t* r, size_t axis, size_t length,
                                              size_t* trimmed_count) {
    if (!r) { slm4j_ov_last_error_ref() = "null argument"; return INVALID_C_PARAM; }
    SLM4J_OV_TRY
    size_t trimmed = 0;
    for (ov::VariableState& s : r->object->query_state()) {
        ov::Tensor old = s.get_state();
        ov::Shape shape = old.get_shape();
        if (shape.size() <= axis || shape[axis] <= length) continue;
        ov::Coordinate begin(shape.size(), 0), end(shape);
        end[axis] = length;
        // A region of interest of the old value; set_state copies it into the variable.
        s.set_state(ov::Tensor(old, begin, end));
        ++trimmed;
    }
    if (trimmed_count) *trimmed_count = trimmed;
    SLM4J_OV_CATCH
}

inline ov_status_e slm4j_ov_variable_state_get_name(const slm4j_ov_variable_state_t* s, char** name) {
    if (!s || !name) { slm4j_ov_last_error_ref() = "null argument"; return INVALID_C_PARAM; }
    SLM4J_OV_TRY
    std::string n = s->object.get_name();
    // ov_free releases with delete[], as for every string the C API hands out.
    char* out = new char[n.size() + 1];
    std::memcpy(out, n.c_str(), n.size() + 1);
    *name = out;
    SLM4J_OV_CATCH
}

inline ov_status_e slm4j_ov_variable_state_reset(slm4j_ov_variable_state_t* s) {
    if (!s) { slm4j_ov_last_error_ref() = "null argument"; return INVALID_C_PARAM; }
    SLM4J_OV_TRY
    s->object.reset();
    SLM4J_OV_CATCH
}

inline ov_status_e slm4j_ov_variable_state_get_state(const slm4j_ov_variable_state_t* s, ov_tensor_t** tensor) {
    if (!s || !tensor) { slm4j_ov_last_error_ref() = "null argument"; return INVALID_C_PARAM; }
    SLM4J_OV_TRY
    *tensor = new ov_tensor{std::make_shared<ov::Tensor>(s->object.get_state())};
    SLM4J_OV_CATCH
}

inline ov_status_e slm4j_ov_variable_state_set_state(slm4j_ov_variable_state_t* s, const ov_tensor_t* tensor) {
    if (!s || !tensor) { slm4j_ov_last_error_ref() = "null argument"; return INVALID_C_PARAM; }
    SLM4J_OV_TRY
    s->object.set_state(*tensor->object);
    SLM4J_OV_CATCH
}

inline void slm4j_ov_variable_state_free(slm4j_ov_variable_state_t* s) { delete s; }

inline ov_status_e slm4j_ov_tensor_get_string(const ov_tensor_t* t, size_t index, const char** data, size_t* size) {
    if (!t || !data || !size) { slm4j_ov_last_error_ref() = "null argument"; return INVALID_C_PARAM; }
    SLM4J_OV_TRY
    if (t->object->get_element_type() != ov::element::string) {
        slm4j_ov_last_error_ref() = "tensor element type is " + t->object->get_element_type().get_type_name() + ", not string";
        return PARAMETER_MISMATCH;
    }
    if (index >= t->object->get_size()) {
        slm4j_ov_last_error_ref() = "string index " + std::to_string(index) + " out of range (" +
                                  std::to_string(t->object->get_size()) + " elements)";
        return OUT_OF_BOUNDS;
    }
    const std::string& str = t->object->data<std::string>()[index];
    *data = str.data();
    *size = str.size();
    SLM4J_OV_CATCH
}

inline ov_status_e slm4j_ov_tensor_argmax_last_row(const ov_tensor_t* t, int64_t* index, float* value) {
    if (!t || !index || !value) { slm4j_ov_last_error_ref() = "null argument"; return INVALID_C_PARAM; }
    SLM4J_OV_TRY
    if (t->object->get_element_type() != ov::element::f32) {
        slm4j_ov_last_error_ref() = "tensor element type is " + t->object->get_element_type().get_type_name() + ", not f32";
        return PARAMETER_MISMATCH;
    }
    const ov::Shape& shape = t->object->get_shape();
    size_t size = t->object->get_size();
    if (shape.empty() || size == 0) {
        slm4j_ov_last_error_ref() = "empty tensor";
        return PARAMETER_MISMATCH;
    }
    size_t row = shape.back();
    const float* p = t->object->data<const float>() + (size - row);
    size_t best = 0;
    float best_value = p[0];
    for (size_t i = 1; i < row; ++i) {
        if (p[i] > best_value) {
            best_value = p[i];
            best = i;
        }
    }
    *index = static_cast<int64_t>(best);
    *value = best_value;
    SLM4J_OV_CATCH
}

inline ov_status_e slm4j_ov_model_slice_last_position(ov_model_t* m, const char* output_name, int* applied) {
    if (!m || !output_name || !applied) { slm4j_ov_last_error_ref() = "null argument"; return INVALID_C_PARAM; }
    SLM4J_OV_TRY
    *applied = 0;
    std::shared_ptr<ov::Node> node = m->object->output(output_name).get_node_shared_ptr();
    // Result -> (Convert / Multiply / Add / Tanh ... single data input) -> MatMul(hidden, lm_head)
    for (int hops = 0; hops < 8 && node; ++hops) {
        if (auto mm = std::dynamic_pointer_cast<ov::op::v0::MatMul>(node)) {
            ov::Output<ov::Node> hidden = mm->input_value(0);
            if (hidden.get_partial_shape().rank().is_dynamic() || hidden.get_partial_shape().rank().get_length() != 3)
                return OK;
            auto start = ov::op::v0::Constant::create(ov::element::i64, ov::Shape{1}, {-1});
            auto stop = ov::op::v0::Constant::create(ov::element::i64, ov::Shape{1}, {LLONG_MAX});
            auto step = ov::op::v0::Constant::create(ov::element::i64, ov::Shape{1}, {1});
            auto axis = ov::op::v0::Constant::create(ov::element::i64, ov::Shape{1}, {1});
            auto slice = std::make_shared<ov::op::v8::Slice>(hidden, start, stop, step, axis);
            mm->input(0).replace_source_output(slice);
            m->object->validate_nodes_and_infer_types();
            *applied = 1;
            return OK;
        }
        if (node->get_input_size() == 0) break;
        node = node->input_value(0).get_node_shared_ptr();
    }
    SLM4J_OV_CATCH
}

}  // extern "C"
#endif
