package dev.kaftalk.chat;

import dev.kaftalk.model.QuietHours;
import dev.kaftalk.model.Topics;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Every user's latest quiet-hours settings, applied from {@link Topics#QUIET_HOURS}, answering "is this user quiet
 * at this instant" with {@link QuietHours#quietAt}, the rule the quiet-hours service's batches use too. Event-loop
 * confined.
 */
final class QuietGate {

  private final Map<String, QuietHours> settings = new HashMap<>();

  void apply(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      settings.remove(record.key());
    } else {
      settings.put(record.key(), Topics.QUIET_HOURS.values().decode(record.value()));
    }
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
