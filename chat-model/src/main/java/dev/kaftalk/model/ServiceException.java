package dev.kaftalk.model;

/** A request the service refuses: {@code status} is the HTTP status, the message is shown to the user. */
public final class ServiceException extends RuntimeException {

  public final int status;

  public ServiceException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public static ServiceException badRequest(String message) {
    return new ServiceException(400, message);
  }

  public static ServiceException notFound(String message) {
    return new ServiceException(404, message);
  }

  public static ServiceException forbidden(String message) {
    return new ServiceException(403, message);
  }

  public static ServiceException conflict(String message) {
    return new ServiceException(409, message);
  }

  public static ServiceException unavailable(String message) {
    return new ServiceException(503, message);
  }
}
