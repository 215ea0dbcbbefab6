package io.slm4j.openvino;

/**
 * A failed OpenVINO C API call: the {@code ov_status_e} code, its name, and the message OpenVINO
 * recorded for the calling thread ({@code ov_get_last_err_msg()}).
 *
 * <p>Unchecked, like the rest of slm4j's native errors: callers rarely recover in the middle of a
 * native call sequence, and the message already says what went wrong.
 */
public class OpenVinoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String nativeMessage;

  /**
   * @param status the {@code ov_status_e} value returned by the call (never {@code OK})
   * @param call the C function (or a short description of the step) that failed
   * @param nativeMessage OpenVINO's message, possibly empty
   */
  public OpenVinoException(int status, String call, String nativeMessage) {
    super(call + " failed with " + statusName(status) + " (" + status + ")"
        + (nativeMessage == null || nativeMessage.isBlank() ? "" : ": " + nativeMessage.strip()));
    this.status = status;
    this.nativeMessage = nativeMessage == null ? "" : nativeMessage;
  }

  /** @return the raw {@code ov_status_e} value */
  public int status() {
    return status;
  }

  /** @return the symbolic name of {@link #status()}, e.g. {@code GENERAL_ERROR} */
  public String statusName() {
    return statusName(status);
  }

  /** @return OpenVINO's own message for the failure, empty when it gave none */
  public String nativeMessage() {
    return nativeMessage;
  }

  /**
   * @param status an {@code ov_status_e} value
   * @return its name in {@code ov_common.h}, or {@code UNKNOWN_STATUS} for values it does not define
   */
  public static String statusName(int status) {
    switch (status) {
      case 0: return "OK";
      case -1: return "GENERAL_ERROR";
      case -2: return "NOT_IMPLEMENTED";
      case -3: return "NETWORK_NOT_LOADED";
      case -4: return "PARAMETER_MISMATCH";
      case -5: return "NOT_FOUND";
      case -6: return "OUT_OF_BOUNDS";
      case -7: return "UNEXPECTED";
      case -8: return "REQUEST_BUSY";
      case -9: return "RESULT_NOT_READY";
      case -10: return "NOT_ALLOCATED";
      case -11: return "INFER_NOT_STARTED";
      case -12: return "NETWORK_NOT_READ";
      case -13: return "INFER_CANCELLED";
      case -14: return "INVALID_C_PARAM";
      case -15: return "UNKNOWN_C_ERROR";
      case -16: return "NOT_IMPLEMENT_C_METHOD";
      case -17: return "UNKNOW_EXCEPTION";
      default: return "UNKNOWN_STATUS";
    }
  }
}
