package dev.kaftalk.chat;

import dev.kaftalk.model.MembershipKey;
import dev.kaftalk.model.NotificationLevel;
import dev.kaftalk.model.NotificationSetting;
import dev.kaftalk.model.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Each user's notification level per room, materialized from {@link Topics#NOTIFICATION_LEVELS}: the same on every
 * device and instance, and the user's tabs hear of a change ({@code {type:"notifications"}}) wherever it was made.
 * A user who never chose has {@link NotificationSetting#standard}. Event-loop confined.
 */
final class NotificationLevels {

  private final Map<MembershipKey, NotificationSetting> settings = new HashMap<>();
  private Consumer<NotificationSetting> onLiveChange = setting -> { };

  /** @param onLiveChange called with each setting a live record changed (the delivery rule reads the levels too) */
  void onLiveChange(Consumer<NotificationSetting> onLiveChange) {
    this.onLiveChange = onLiveChange;
  }

  void apply(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      settings.remove(Topics.NOTIFICATION_LEVELS.keys().decode(record.key()));
      return;
    }
    NotificationSetting setting = Topics.NOTIFICATION_LEVELS.values().decode(record.value());
    settings.put(setting.key(), setting);
    if (live) {
      onLiveChange.accept(setting);
    }
  }

  NotificationSetting of(String roomId, String user) {
    NotificationSetting setting = settings.get(new MembershipKey(roomId, user));
    return setting == null ? NotificationSetting.standard(roomId, user) : setting;
  }

  /** The level in force for {@code user} in the room at {@code epochMs}: a mute running then means none. */
  NotificationLevel levelAt(String roomId, String user, long epochMs) {
    return of(roomId, user).levelAt(epochMs);
  }

  /** The room list with {@code notifications:{level, muteUntil}} on the rooms {@code user} is in. */
  JsonArray annotate(String user, JsonArray rooms) {
    for (Object item : rooms) {
      JsonObject room = (JsonObject) item;
      if (room.getBoolean("joined", false)) {
        room.put("notifications", of(room.getString("id"), user).toJson());
      }
    }
    return rooms;
  }
}
