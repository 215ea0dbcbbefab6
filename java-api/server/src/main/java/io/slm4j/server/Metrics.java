package io.slm4j.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters the server exposes at {@code /metrics} in Prometheus' text format. Thread-safe. */
final class Metrics {
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  final LongAdder promptTokens = new LongAdder();
  final LongAdder generatedTokens = new LongAdder();
  final LongAdder decodeNanos = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final AtomicLong inFlight = new AtomicLong();

  void request(String endpoint, int status) {
    requests.computeIfAbsent(endpoint + "\u0000" + status, k -> new LongAdder()).increment();
  }

  String render(int loadedModels) {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP slm4j_requests_total HTTP requests by endpoint and status.\n");
    sb.append("# TYPE slm4j_requests_total counter\n");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
      String[] k = e.getKey().split("\u0000");
      sb.append("slm4j_requests_total{endpoint=\"").append(k[0]).append("\",status=\"").append(k[1]).append("\"} ")
          .append(e.getValue().sum()).append('\n');
    }
    counter(sb, "slm4j_prompt_tokens_total", "Prompt tokens of finished generations.", promptTokens.sum());
    counter(sb, "slm4j_generated_tokens_total", "Tokens generated.", generatedTokens.sum());
    counter(sb, "slm4j_decode_seconds_total", "Time spent decoding.", decodeNanos.sum() / 1e9);
    counter(sb, "slm4j_generations_cancelled_total", "Generations stopped because the client went away.", cancelled.sum());
    sb.append("# HELP slm4j_generations_in_flight Generations running or waiting now.\n");
    sb.append("# TYPE slm4j_generations_in_flight gauge\nslm4j_generations_in_flight ").append(inFlight.get()).append('\n');
    sb.append("# HELP slm4j_models_loaded Models loaded now.\n");
    sb.append("# TYPE slm4j_models_loaded gauge\nslm4j_models_loaded ").append(loadedModels).append('\n');
    return sb.toString();
  }

  private static void counter(StringBuilder sb, String name, String help, Number v) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(v).append('\n');
  }
}
