package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.Addresses;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code server.chat.typing}: passes "user is typing in room" to the room's other members on every instance, through
 * the signals topic (this instance included, which reads its own signals like any other). At most one signal per
 * user and room per {@code throttleMs}, since a client may report every keystroke.
 */
final class TypingRelay {

  private static final Logger LOG = LoggerFactory.getLogger(TypingRelay.class);

  private final String instanceId;
  private final Signals signals;
  private final Delivery delivery;
  private final RoomDirectory directory;
  private final long throttleMs;
  private final Map<String, Long> lastSent = new HashMap<>();

  TypingRelay(String instanceId, Signals signals, Delivery delivery, RoomDirectory directory, long throttleMs) {
    this.instanceId = instanceId;
    this.signals = signals;
    this.delivery = delivery;
    this.directory = directory;
    this.throttleMs = throttleMs;
  }

  /** One-way, so a request that is not allowed is dropped rather than answered. */
  void typing(Message<?> msg) {
    String user = msg.headers().get(Addresses.USER_HEADER);
    String roomId = Requests.body(msg).getValue("roomId") instanceof String s ? s : null;
    if (user == null || roomId == null || !directory.isMember(roomId, user)) {
      return;
    }
    long now = System.currentTimeMillis();
    Long last = lastSent.get(user + "\n" + roomId);
    if (last != null && now - last < throttleMs) {
      return;
    }
    lastSent.put(user + "\n" + roomId, now);
    signals.publish(roomId, new JsonObject().put("type", "typing").put("instanceId", instanceId)
            .put("roomId", roomId).put("username", user))
        .onFailure(e -> LOG.warn("Could not relay typing of {} in room {}: {}", user, roomId, e.getMessage()));
  }

  void onTyping(JsonObject signal, long timestamp, boolean live) {
    String roomId = signal.getString("roomId");
    String user = signal.getString("username");
    if (live && roomId != null && user != null && directory.isMember(roomId, user)) {
      delivery.typing(roomId, user);
    }
  }

  void forgetOld(long now) {
    lastSent.values().removeIf(sent -> now - sent >= throttleMs);
  }
}
