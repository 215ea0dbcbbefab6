package io.slm4j.spi;

import io.slm4j.Device;
import io.slm4j.ProgressListener;
import java.util.Map;

/**
 * Options for {@link BackendProvider#open}, validated by {@code Slm.load}.
 *
 * @param device the device asked for ({@code AUTO}: the backend's best)
 * @param threads CPU threads, 0 for the backend's default
 * @param contextSize context window in tokens, 0 for the backend's default (at most 4096 or the
 *     model's training context)
 * @param gpuLayers layers to offload to a GPU, -1 for all
 * @param progress load progress listener, or {@code null}
 * @param backendOptions backend-specific settings, keys prefixed by the backend id
 */
public record LoadOptions(Device device, int threads, int contextSize, int gpuLayers, ProgressListener progress,
    Map<String, String> backendOptions) {}
