package dev.kaftalk.chat;

/** A request the service refuses: {@code status} is the HTTP status, the message is shown to the user. */
final class ChatException extends RuntimeException {

  final int status;

  ChatException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static ChatException badRequest(String message) {
    return new ChatException(400, message);
  }

  static ChatException notFound(String message) {
    return new ChatException(404, message);
  }

  static ChatException forbidden(String message) {
    return new ChatException(403, message);
  }

  static ChatException unavailable(String message) {
    return new ChatException(503, message);
  }
}
