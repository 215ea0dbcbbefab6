/**
 * The slm4j API: load a small language model from a path and generate, stream or chat, the same way
 * on every runtime.
 *
 * <p>{@link io.slm4j.Slm#load} picks the runtime: an explicit {@code backend(...)} wins; otherwise
 * the format decides ({@code .gguf} file: llama.cpp; folder with {@code genai_config.json}: ONNX
 * Runtime GenAI; folder with {@code openvino_model.xml}: OpenVINO), then the device asked for.
 * Runtimes are found with {@link java.util.ServiceLoader}; this package loads no native code, and a
 * missing runtime is a {@link io.slm4j.BackendUnavailableException} naming the artifact to add.
 *
 * <p>One behaviour on every backend: sampling ({@link io.slm4j.GenerationConfig}), stop strings,
 * max-token counting, UTF-8-safe streaming and {@link io.slm4j.GenerationStats} are implemented once,
 * here, in Java; a backend only evaluates tokens, returns logits, rewinds its KV cache and turns ids
 * into bytes.
 *
 * <p>Thread-safety: {@link io.slm4j.SlmModel} is shared by any number of threads (each call gets its
 * own native session); {@link io.slm4j.ChatSession} serialises its calls; a
 * {@link io.slm4j.TokenStream} is iterated by one thread and may be cancelled or closed from any.
 * Everything is {@link java.lang.AutoCloseable}; {@code close()} is idempotent and waits for native
 * calls in progress; use after close throws {@link java.lang.IllegalStateException}.
 */
package io.slm4j;
