/*
 * Small native helpers of slm4j next to the GenAI declarations (our code, compiled into the JNI library).
 */
#ifndef SLM4J_ORTGENAI_HELPERS_H
#define SLM4J_ORTGENAI_HELPERS_H

#include <stdlib.h>

#if defined(__linux__) || defined(__APPLE__)
#include <dlfcn.h>
#include <string.h>
#include <unistd.h>

#if defined(__APPLE__)
#define SLM4J_ORT_FILE "libonnxruntime.1.dylib"
#else
#define SLM4J_ORT_FILE "libonnxruntime.so.1"
#endif

/*
 * GenAI resolves ONNX Runtime lazily, on its first API call, and ORT_LIB_PATH is the first place it looks,
 * ahead of copies already loaded under the name libonnxruntime.so and of the library search path. When the
 * JNI library is loaded, point it at the ONNX Runtime that JavaCPP extracted into the same folder (and
 * preloaded), so the packaged copy is used whatever the environment says. Runs before any Java code can
 * reach a GenAI function, and does nothing when the packaged copy is absent (a build without it).
 */
__attribute__((constructor)) static void slm4j_ortgenai_pin_ort_library(void) {
  Dl_info info;
  if (dladdr((void*)&slm4j_ortgenai_pin_ort_library, &info) == 0 || info.dli_fname == NULL) {
    return;
  }
  const char* slash = strrchr(info.dli_fname, '/');
  if (slash == NULL) {
    return;
  }
  size_t dir_length = (size_t)(slash - info.dli_fname) + 1;
  char* path = (char*)malloc(dir_length + sizeof(SLM4J_ORT_FILE));
  if (path == NULL) {
    return;
  }
  memcpy(path, info.dli_fname, dir_length);
  memcpy(path + dir_length, SLM4J_ORT_FILE, sizeof(SLM4J_ORT_FILE));
  if (access(path, R_OK) == 0) {
    setenv("ORT_LIB_PATH", path, 1);
  }
  free(path);
}
#endif

/* The ONNX Runtime library GenAI will load (ORT_LIB_PATH as the native side sees it), or NULL. */
static inline const char* slm4j_ortgenai_ort_lib_path(void) {
  return getenv("ORT_LIB_PATH");
}

#endif /* SLM4J_ORTGENAI_HELPERS_H */
