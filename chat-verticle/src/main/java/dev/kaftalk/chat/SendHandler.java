package dev.kaftalk.chat;

import dev.kaftalk.model.MediaRef;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Reads the two kinds of post requests, {@code server.chat.send} (text from the bridge) and
 * {@code chat.messages.post} (media from the media service), and passes them through the one {@link RoomDoor}. The
 * answer names the quiet people the message calls ({@link QuietCallees}); a send with {@code urgent:true} asks for an
 * earlier message to break through their quiet hours instead ({@link UrgentRequests}).
 */
final class SendHandler {

  /** Message ids are UUIDs; anything much longer is not one. */
  private static final int MAX_ID_CHARS = 64;
  private static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final RoomDoor door;
  private final QuietCallees callees;
  private final UrgentRequests urgent;
  private final Clock clock;
  private final int maxTextChars;

  SendHandler(RoomDoor door, QuietCallees callees, UrgentRequests urgent, Clock clock, int maxTextChars) {
    this.door = door;
    this.callees = callees;
    this.urgent = urgent;
    this.clock = clock;
    this.maxTextChars = maxTextChars;
  }

  Future<JsonObject> send(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String roomId = Requests.requiredString(body, "roomId");
    Object urgentFlag = body.getValue("urgent", false);
    if (!(urgentFlag instanceof Boolean)) {
      throw ServiceException.badRequest("urgent must be true or false");
    }
    if ((Boolean) urgentFlag) {
      return urgent.ask(user, roomId, clientMsgId(body));
    }
    String text = body.getValue("text") instanceof String s ? s.strip() : "";
    if (text.isEmpty() || text.length() > maxTextChars) {
      throw ServiceException.badRequest("Message text must be 1-" + maxTextChars + " characters");
    }
    return withQuiet(door.post(user, new RoomDoor.Draft(roomId, clientMsgId(body), text, null, replyTo(body))));
  }

  /** A media message: the media service has stored the bytes and vouches for the reference's fields. */
  Future<JsonObject> postMedia(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String roomId = Requests.requiredString(body, "roomId");
    if (!(body.getValue("media") instanceof JsonObject media)) {
      throw ServiceException.badRequest("media is required");
    }
    MediaRef ref = MediaRef.fromJson(media);
    Requests.requiredString(media, "id");
    // Without a clientMsgId from the sender, the media id makes each upload its own message.
    String clientMsgId = body.getValue("clientMsgId") == null ? "media:" + ref.id() : clientMsgId(body);
    return withQuiet(door.post(user, new RoomDoor.Draft(roomId, clientMsgId, null, ref, replyTo(body))));
  }

  private Future<JsonObject> withQuiet(Future<JsonObject> answer) {
    return answer.map(posted -> callees.withQuiet(posted, clock.millis()));
  }

  /** The optional id of the message a post answers. */
  private static String replyTo(JsonObject body) {
    Object replyTo = body.getValue("replyTo");
    if (replyTo == null) {
      return null;
    }
    if (!(replyTo instanceof String id) || id.isBlank() || id.length() > MAX_ID_CHARS) {
      throw ServiceException.badRequest("replyTo must be the id of a message of this room");
    }
    return id;
  }

  private static String clientMsgId(JsonObject body) {
    String clientMsgId = body.getValue("clientMsgId") instanceof String s ? s : "";
    if (!CLIENT_MSG_ID.matcher(clientMsgId).matches()) {
      throw ServiceException.badRequest("clientMsgId must be 1-64 characters of A-Z a-z 0-9 . _ : -");
    }
    return clientMsgId;
  }
}
