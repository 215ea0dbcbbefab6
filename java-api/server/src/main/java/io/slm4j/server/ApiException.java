package io.slm4j.server;

import io.slm4j.Slm4jException;

/**
 * A request the server answers with an OpenAI-shaped error body
 * ({@code {"error":{"message","type","param","code"}}}) and the given HTTP status.
 */
public final class ApiException extends Slm4jException {
  private final int status;
  private final String type;
  private final String code;
  private final String param;

  /**
   * @param status the HTTP status
   * @param type the OpenAI error type, for example {@code invalid_request_error}
   * @param code a machine-readable code, or {@code null}
   * @param param the request field at fault, or {@code null}
   * @param message what went wrong, for a person
   */
  public ApiException(int status, String type, String code, String param, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  static ApiException badRequest(String param, String message) {
    return new ApiException(400, "invalid_request_error", "invalid_request", param, message);
  }

  static ApiException unsupported(String param, String message) {
    return new ApiException(400, "invalid_request_error", "unsupported_parameter", param, message);
  }

  /** @return the HTTP status */
  public int status() {
    return status;
  }

  /** @return the OpenAI error type */
  public String type() {
    return type;
  }

  /** @return the error code, or {@code null} */
  public String code() {
    return code;
  }

  /** @return the request field at fault, or {@code null} */
  public String param() {
    return param;
  }
}
