/**
 * ONNX Runtime GenAI 0.18.0 through JavaCPP: the generated peers of every C API function and handle
 * ({@code Oga*} classes, static functions in {@link io.slm4j.ortgenai.global.ortgenai}), plus
 * {@link io.slm4j.ortgenai.OrtGenAi} (loading, UTF-8 text, the one {@code OgaResult} to
 * {@link io.slm4j.ortgenai.OrtGenAiException} conversion).
 *
 * <p>Loading: the first use of a generated class extracts the platform classifier jar
 * ({@code io.slm4j:onnxruntime-genai:linux-x86_64}) into JavaCPP's cache and loads, in order, ONNX
 * Runtime ({@code libonnxruntime.so.1}), slm4j's pin library (sets {@code ORT_LIB_PATH} to that copy),
 * GenAI (which resolves ONNX Runtime while it loads) and the JNI library. A user's {@code ORT_LIB_PATH}
 * is overridden: GenAI and ONNX Runtime ship as a tested pair, and an ONNX Runtime GenAI cannot use
 * makes GenAI abort the process from its initializer.
 *
 * <p>Ownership follows the C API: every {@code OgaCreate*} result is freed with its {@code OgaDestroy*};
 * strings returned through {@code const char**} by decode/template/type functions are freed with
 * {@code OgaDestroyString} ({@link io.slm4j.ortgenai.OrtGenAi#ownedString}); tokenizer-stream chunks and
 * sequence data are borrowed. Handles are not thread-safe; the engine checks its owner thread.
 *
 * <p>Callbacks: an {@link io.slm4j.ortgenai.OgaLogCallback} passed to {@code OgaSetLogCallback} must stay
 * strongly reachable until {@code OgaSetLogCallback(null)}; GenAI may call it from its own threads,
 * which JavaCPP attaches to the JVM.
 */
package io.slm4j.ortgenai;
