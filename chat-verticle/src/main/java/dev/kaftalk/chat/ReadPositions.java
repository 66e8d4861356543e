package dev.kaftalk.chat;

import dev.kaftalk.model.Frames;
import dev.kaftalk.model.MembershipKey;
import dev.kaftalk.model.ReadPosition;
import dev.kaftalk.model.Topics;
import dev.kaftalk.model.UnreadableRecordException;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far each user has read in each room, materialized from {@link Topics#READ_POSITIONS}: a position only moves
 * forward (an older cursor, from a tab that lagged behind, changes nothing), every device and instance agrees on it,
 * and the user's tabs hear of a move ({@code {type:"read"}}) wherever it was made. {@link ReadRequests} moves it.
 * Event-loop confined.
 */
final class ReadPositions {

  private final Map<MembershipKey, Long> positions = new HashMap<>();
  private final Delivery delivery;

  ReadPositions(Delivery delivery) {
    this.delivery = delivery;
  }

  void apply(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      return;
    }
    ReadPosition position = Topics.READ_POSITIONS.values().decode(record.value());
    long offset;
    try {
      offset = Long.parseLong(position.cursor());
    } catch (NumberFormatException e) {
      throw new UnreadableRecordException("read position with a cursor that is not one");
    }
    Long before = positions.get(position.key());
    if (before == null || offset > before) {
      positions.put(position.key(), offset);
      if (live) {
        delivery.toUsers(List.of(position.username()), Frames.read(position.roomId(), position.cursor()));
      }
    }
  }

  /** The user's position in the room, or null if none was stored. */
  Long of(String roomId, String user) {
    return positions.get(new MembershipKey(roomId, user));
  }
}
