package dev.kaftalk.chat;

import dev.kaftalk.model.BreakThrough;
import dev.kaftalk.model.QuietHours;
import dev.kaftalk.model.Topics;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every user's latest quiet-hours settings, applied from {@link Topics#QUIET_HOURS}, answering "is this user quiet
 * at this instant" with {@link QuietHours#quietAt}, the rule the quiet-hours service's batches use too. Event-loop
 * confined.
 */
final class QuietGate {

  private final Map<String, QuietHours> settings = new HashMap<>();
  private Consumer<String> onLiveChange = user -> { };

  void apply(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      settings.remove(record.key());
    } else {
      settings.put(record.key(), Topics.QUIET_HOURS.values().decode(record.value()));
    }
    if (live) {
      onLiveChange.accept(record.key());
    }
  }

  /** @param onLiveChange called with the user whose settings a live record changed */
  void onLiveChange(Consumer<String> onLiveChange) {
    this.onLiveChange = onLiveChange;
  }

  /** The users who saved settings. */
  Set<String> users() {
    return settings.keySet();
  }

  boolean has(String username) {
    return settings.containsKey(username);
  }

  /** When a skip of the user's schedule that is on at {@code epochMs} ends; {@link Long#MAX_VALUE} when none is. */
  long skipEnd(String username, long epochMs) {
    QuietHours user = settings.get(username);
    Long skipUntil = user == null ? null : user.skipUntil();
    return skipUntil != null && skipUntil > epochMs ? skipUntil : Long.MAX_VALUE;
  }

  /** Whose urgent messages the user lets through their quiet hours. */
  BreakThrough breakThrough(String username) {
    QuietHours user = settings.get(username);
    return user == null ? BreakThrough.DEFAULT : user.breakThrough();
  }

  boolean quietAt(String username, long epochMs) {
    QuietHours user = settings.get(username);
    return user != null && user.quietAt(epochMs);
  }

  /** The end of the user's quiet stretch around {@code epochMs}; {@code epochMs} itself when not quiet then. */
  long quietUntil(String username, long epochMs) {
    QuietHours user = settings.get(username);
    return user == null ? epochMs : user.quietUntil(epochMs);
  }
}
