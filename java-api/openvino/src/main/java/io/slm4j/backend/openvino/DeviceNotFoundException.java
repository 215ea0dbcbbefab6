package io.slm4j.backend.openvino;

import java.util.List;

/** The requested OpenVINO device (or a candidate of AUTO/HETERO/MULTI) is not available here. */
public class DeviceNotFoundException extends OpenVinoLlmException {
  private static final long serialVersionUID = 1L;

  private final String device;
  private final List<String> available;

  /**
   * @param device the device string that was asked for
   * @param available the devices OpenVINO reports on this machine
   */
  public DeviceNotFoundException(String device, List<String> available) {
    super("OpenVINO device '" + device + "' is not available; available devices: " + available
        + " (meta devices: AUTO, HETERO, MULTI, BATCH)");
    this.device = device;
    this.available = List.copyOf(available);
  }

  /** @return the device string that was asked for */
  public String device() {
    return device;
  }

  /** @return the devices OpenVINO reports on this machine */
  public List<String> available() {
    return available;
  }
}
