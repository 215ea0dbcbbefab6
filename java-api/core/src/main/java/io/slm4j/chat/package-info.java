/**
 * The chat pipeline, once for every backend: {@link io.slm4j.chat.ChatTemplate} renders a model's
 * own Jinja chat template as Hugging Face's {@code apply_chat_template} does, and
 * {@link io.slm4j.chat.ChatPrompt} turns a conversation into prompt text and ids from the
 * backend's metadata ({@link io.slm4j.spi.BackendModel#chatTemplates()},
 * {@link io.slm4j.spi.BackendModel#tokenizerInfo()}).
 *
 * <p>Engine: HubSpot's Jinjava (com.hubspot.jinjava:jinjava 2.8.2, Apache-2.0), the only Java
 * Jinja implementation on Maven Central that parses Hugging Face templates. Measured on the 70
 * templates of the pinned llama.cpp tree (models/templates), one plain conversation each, out of
 * the box: Jinjava 49/70, Pebble 3.2.4 (io.pebbletemplates:pebble, Twig-like) 0/70 (it rejects
 * Jinja's {@code {%- -%}} whitespace control and {@code namespace}). With the environment added
 * here (Python methods, {@code raise_exception}, {@code strftime_now}, {@code tojson}, the
 * {@code generation} tag, Jinja2 whitespace and precedence settings, two source rewrites) 130 of
 * 140 plain and tool-call renders pass; see {@code TemplateCorpusTest} for the rest.
 *
 * <p>Known differences from Python's Jinja2: booleans and lists print Java-style ({@code true},
 * {@code [a, b]}) when a template outputs them directly; slice bounds with arithmetic,
 * {@code {% filter %}} blocks and {@code indent(first=...)} are not supported.
 */
package io.slm4j.chat;
