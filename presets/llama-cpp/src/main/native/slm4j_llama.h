// slm4j's own native helpers for the llama.cpp preset (parsed by JavaCPP after llama.h).
#pragma once

#include <stdbool.h>
#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

// ggml calls the abort callback once per graph node (hundreds of times per token). Reading a flag
// here keeps that hot path out of Java: the JVM only writes the int when it wants to cancel.
static bool slm4j_abort_on_flag(void * flag) {
    return flag != NULL && __atomic_load_n((const int *) flag, __ATOMIC_ACQUIRE) != 0;
}

// The function pointer to store in llama_context_params.abort_callback (or pass to
// llama_set_abort_callback), with abort_callback_data pointing at a native int flag.
static inline ggml_abort_callback slm4j_abort_flag_callback(void) {
    return slm4j_abort_on_flag;
}

// Sets or clears a flag read by slm4j_abort_on_flag, with release ordering.
static inline void slm4j_abort_flag_set(int * flag, int value) {
    __atomic_store_n(flag, value, __ATOMIC_RELEASE);
}

#ifdef __cplusplus
}
#endif
