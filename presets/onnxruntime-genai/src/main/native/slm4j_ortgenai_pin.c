/*
 * libslm4j-ortgenai-pin: makes ONNX Runtime GenAI use the ONNX Runtime packaged beside it.
 *
 * GenAI resolves ONNX Runtime in a static initializer, that is while libonnxruntime-genai itself is being
 * loaded, and ORT_LIB_PATH is the first place it looks (ahead of copies already loaded and the library
 * search path). The preset preloads this library after libonnxruntime.so.1 and before GenAI; its
 * constructor points ORT_LIB_PATH at the libonnxruntime.so.1 in its own folder, which is where JavaCPP
 * put (and already loaded) the packaged copy. A user's own ORT_LIB_PATH is overridden on purpose: GenAI
 * and ONNX Runtime come as a tested pair.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__APPLE__)
#define SLM4J_ORT_FILE "libonnxruntime.1.dylib"
#else
#define SLM4J_ORT_FILE "libonnxruntime.so.1"
#endif

/* The path this library set, for the Java side to verify; empty when the packaged copy was absent. */
static char slm4j_pinned[4096];

const char* slm4j_ortgenai_pinned_ort_path(void) { return slm4j_pinned; }

__attribute__((constructor)) static void slm4j_ortgenai_pin(void) {
  Dl_info info;
  if (dladdr((void*)&slm4j_ortgenai_pinned_ort_path, &info) == 0 || info.dli_fname == NULL) return;
  const char* slash = strrchr(info.dli_fname, '/');
  if (slash == NULL) return;
  size_t dir_length = (size_t)(slash - info.dli_fname) + 1;
  if (dir_length + sizeof(SLM4J_ORT_FILE) > sizeof(slm4j_pinned)) return;
  char path[sizeof(slm4j_pinned)];
  memcpy(path, info.dli_fname, dir_length);
  memcpy(path + dir_length, SLM4J_ORT_FILE, sizeof(SLM4J_ORT_FILE));
  if (access(path, R_OK) == 0 && setenv("ORT_LIB_PATH", path, 1) == 0) {
    memcpy(slm4j_pinned, path, sizeof(path));
  }
}
