package io.slm4j;

/**
 * A device one backend sees on this machine.
 *
 * @param backend the backend id, for example {@code llama-cpp}
 * @param device the device kind
 * @param name the runtime's own name and description of it
 */
public record DeviceInfo(String backend, Device device, String name) {}
