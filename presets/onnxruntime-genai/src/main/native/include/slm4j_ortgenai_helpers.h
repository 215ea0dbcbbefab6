/*
 * Small native helpers of slm4j next to the GenAI declarations (our code, compiled into the JNI library).
 */
#ifndef SLM4J_ORTGENAI_HELPERS_H
#define SLM4J_ORTGENAI_HELPERS_H

#include <stdlib.h>

/*
 * The ONNX Runtime library GenAI loaded: ORT_LIB_PATH as the native side sees it (Java's System.getenv is
 * a snapshot taken at JVM start and misses what libslm4j-ortgenai-pin set), or NULL.
 */
static inline const char* slm4j_ortgenai_ort_lib_path(void) {
  return getenv("ORT_LIB_PATH");
}

#endif /* SLM4J_ORTGENAI_HELPERS_H */
