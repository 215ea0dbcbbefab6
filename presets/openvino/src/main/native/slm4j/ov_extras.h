// slm4j: functions missing from OpenVINO's C API: variable states (OpenVINO 2026.4 exposes
// ov::InferRequest::query_state/reset_state and ov::VariableState only in C++). Same style as
// the C API: status codes, out-parameters, caller frees. Implemented over the C++ API in
// ov_extras_impl.h, which the preset force-includes into the JNI library's compilation (the JavaCPP
// parser only sees this file).
#pragma once

#include "openvino/c/ov_common.h"
#include "openvino/c/ov_infer_request.h"
#include "openvino/c/ov_model.h"
#include "openvino/c/ov_tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One variable (ReadValue/Assign pair) of an infer request; owns a reference to it. */
typedef struct slm4j_ov_variable_state slm4j_ov_variable_state_t;

/** Message of the last failed slm4j_ov_* call on this thread ("" if none); owned by the library. */
const char* slm4j_ov_get_last_err_msg(void);

/** Number of variables of the request (query_state().size()). */
ov_status_e slm4j_ov_infer_request_query_state_size(const ov_infer_request_t* infer_request, size_t* size);

/** Variable number index of the request; free with slm4j_ov_variable_state_free. */
ov_status_e slm4j_ov_infer_request_query_state(const ov_infer_request_t* infer_request,
                                               size_t index,
                                               slm4j_ov_variable_state_t** state);

/** Resets every variable of the request to its initial value (InferRequest::reset_state). */
ov_status_e slm4j_ov_infer_request_reset_state(ov_infer_request_t* infer_request);

/**
 * Shortens every variable whose dimension axis is longer than length to its first length entries
 * along that axis (a KV cache laid out [batch, heads, sequence, head_size] uses axis 2).
 * Variables of lower rank or already short enough are left alone; trimmed_count (may be NULL)
 * receives how many were shortened.
 */
ov_status_e slm4j_ov_infer_request_trim_state(ov_infer_request_t* infer_request,
                                              size_t axis,
                                              size_t length,
                                              size_t* trimmed_count);

/** Variable name (variable_id in the IR); free with ov_free. */
ov_status_e slm4j_ov_variable_state_get_name(const slm4j_ov_variable_state_t* state, char** name);

/** Resets this variable to its initial value. */
ov_status_e slm4j_ov_variable_state_reset(slm4j_ov_variable_state_t* state);

/** Current value of the variable; free with ov_tensor_free. */
ov_status_e slm4j_ov_variable_state_get_state(const slm4j_ov_variable_state_t* state, ov_tensor_t** tensor);

/** Replaces the value of the variable with a copy of tensor. */
ov_status_e slm4j_ov_variable_state_set_state(slm4j_ov_variable_state_t* state, const ov_tensor_t* tensor);

/** Releases a state obtained from slm4j_ov_infer_request_query_state; NULL is ignored. */
void slm4j_ov_variable_state_free(slm4j_ov_variable_state_t* state);

/**
 * Element index of a string tensor (element type STRING), which the C API can create but not read:
 * *data points at its bytes (not NUL-terminated, valid while the tensor lives and is unchanged),
 * *size is their count.
 */
ov_status_e slm4j_ov_tensor_get_string(const ov_tensor_t* tensor, size_t index, const char** data, size_t* size);

/**
 * Greedy pick over the last row of an f32 tensor (the last position's logits of a [batch, seq,
 * vocab] output): *index receives the position of the largest value in that row, *value the value.
 * Done natively because it runs once per generated token over the whole vocabulary.
 */
ov_status_e slm4j_ov_tensor_argmax_last_row(const ov_tensor_t* tensor, int64_t* index, float* value);

/**
 * Makes a language model compute logits for the last position only: inserts a Slice of the
 * sequence axis (axis 1, last entry) before the MatMul that produces the output named output_name
 * (found by walking back from that output through single-input nodes), as OpenVINO GenAI does.
 * *applied is 1 when the model was changed, 0 when no such MatMul was found (model untouched).
 */
ov_status_e slm4j_ov_model_slice_last_position(ov_model_t* model, const char* output_name, int* applied);

#ifdef __cplusplus
}
#endif

