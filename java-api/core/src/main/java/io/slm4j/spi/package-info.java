/**
 * The backend SPI: one {@link io.slm4j.spi.BackendProvider} per runtime, registered in
 * {@code META-INF/services/io.slm4j.spi.BackendProvider}. A backend loads models
 * ({@link io.slm4j.spi.BackendModel}: tokenizer, chat template, end-of-generation ids) and runs
 * sessions ({@link io.slm4j.spi.BackendSession}: append tokens, read logits, truncate the KV cache,
 * interrupt). Everything above that (sampling, stop strings, streaming, stats, lifecycle) is the
 * API's, so that it behaves the same on every runtime.
 */
package io.slm4j.spi;
