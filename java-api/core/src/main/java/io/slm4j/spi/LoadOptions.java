package io.slm4j.spi;

import io.slm4j.Device;
import io.slm4j.ProgressListener;
import java.util.Map;

/**
 * Options for {@link BackendProvider#open}, validated by {@code Slm.load}.
 *
 * @param device the device asked for ({@code AUTO}: the backend's best)
 * @param threads CPU threads for the whole model (all its sessions together, never per caller), 0
 *     for the runtime's default (llama.cpp: {@link #defaultThreads()}; ONNX Runtime and OpenVINO pick
 *     the physical cores themselves, and an explicit count measured slower on GenAI)
 * @param contextSize context window in tokens of each session, 0 for the backend's default (at most
 *     4096 or the model's training context)
 * @param gpuLayers layers to offload to a GPU, -1 for all
 * @param progress load progress listener, or {@code null}
 * @param backendOptions backend-specific settings, keys prefixed by the backend id
 * @param sequences how many sessions may exist at once, 0 for the default ({@link #fitSequences})
 */
public record LoadOptions(Device device, int threads, int contextSize, int gpuLayers, ProgressListener progress,
    Map<String, String> backendOptions, int sequences) {

  /** Options with the default number of sequences. */
  public LoadOptions(Device device, int threads, int contextSize, int gpuLayers, ProgressListener progress,
      Map<String, String> backendOptions) {
    this(device, threads, contextSize, gpuLayers, progress, backendOptions, 0);
  }

  /** The most sessions a model gets by default, like llama-server's automatic {@code --parallel}. */
  public static final int DEFAULT_MAX_SEQUENCES = 4;

  /**
   * The default number of sequences, the one rule every backend uses: as many as fit their KV
   * caches into an eighth of the machine's memory, from 1 to {@link #DEFAULT_MAX_SEQUENCES}.
   *
   * @param bytesPerSequence the KV cache of one full session, or a value below 1 when unknown
   * @return the number of sequences
   */
  public static int fitSequences(long bytesPerSequence) {
    if (bytesPerSequence < 1) {
      return DEFAULT_MAX_SEQUENCES;
    }
    long budget = physicalMemory() / 8;
    return (int) Math.max(1, Math.min(DEFAULT_MAX_SEQUENCES, budget / bytesPerSequence));
  }

  /** @return the threads a model uses by default: the physical cores (hyper-threads slow decoding down) */
  public static int defaultThreads() {
    return Cores.PHYSICAL;
  }

  private static long physicalMemory() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }

  /** Physical cores, read once: Linux's /proc/cpuinfo pairs (physical id, core id); elsewhere the logical count. */
  private static final class Cores {
    static final int PHYSICAL = count();

    private static int count() {
      int logical = Runtime.getRuntime().availableProcessors();
      try {
        java.util.Set<String> cores = new java.util.HashSet<>();
        String physical = "0";
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
          int colon = line.indexOf(':');
          if (colon < 0) {
            continue;
          }
          String key = line.substring(0, colon).trim();
          String value = line.substring(colon + 1).trim();
          if (key.equals("physical id")) {
            physical = value;
          } else if (key.equals("core id")) {
            cores.add(physical + "/" + value);
          }
        }
        // A container may see fewer CPUs than the host has cores.
        return cores.isEmpty() ? logical : Math.max(1, Math.min(logical, cores.size()));
      } catch (java.io.IOException | RuntimeException e) {
        return logical;
      }
    }
  }
}
