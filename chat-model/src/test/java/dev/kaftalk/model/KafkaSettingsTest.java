package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KafkaSettingsTest {

  private final KafkaSettings settings = KafkaSettings.fromJson(new JsonObject().put("bootstrapServers", "k1:9092"));

  @Test
  void producersAreDurableAndSetLingerExplicitly() {
    Map<String, String> p = settings.producer("chat-send-a1");
    assertEquals("all", p.get("acks"));
    assertEquals("true", p.get("enable.idempotence"));
    assertEquals("0", p.get("linger.ms"), "not Kafka 4's default of 5 ms");
    assertEquals("chat-send-a1", p.get("client.id"));
    assertEquals("k1:9092", p.get("bootstrap.servers"));
  }

  @Test
  void consumersReadFromTheStartAndCommitExplicitly() {
    Map<String, String> c = settings.consumer("dnd-buffer", "dnd-buffer-a1");
    assertEquals("dnd-buffer", c.get("group.id"));
    assertEquals("earliest", c.get("auto.offset.reset"));
    assertEquals("false", c.get("enable.auto.commit"));
    assertFalse(settings.consumer(null, "chat-fanout-a1").containsKey("group.id"), "assigning consumers have no group");
  }

  @Test
  void everyClientFindsANewLeaderWithinAQuarterSecondOfItsElection() {
    for (Map<String, String> client : java.util.List.of(settings.producer("p"), settings.consumer("g", "c"),
        settings.consumer(null, "c"), settings.admin("a"))) {
      assertEquals("250", client.get("retry.backoff.max.ms"));
      assertEquals("250", client.get("reconnect.backoff.max.ms"));
      assertEquals("5000", client.get("request.timeout.ms"));
    }
  }

  @Test
  void minInsyncReplicasCannotExceedReplication() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new KafkaSettings("k:9092", 5, 3, 1, 2, -1));
    assertEquals("kafka.minInsyncReplicas must be between 1 and 1, got 2", e.getMessage());
  }

  @Test
  void missingBootstrapServersIsNamed() {
    ConfigException e = assertThrows(ConfigException.class, () -> KafkaSettings.fromJson(new JsonObject()));
    assertEquals("kafka.bootstrapServers must be set", e.getMessage());
  }

  @Test
  void everyTopicNameIsLowercaseAndDotted() {
    Topics.ALL.forEach(t -> assertEquals(t.name().toLowerCase(), t.name()));
    assertEquals(Topics.ALL.size(), Topics.ALL.stream().map(TopicSpec::name).distinct().count(), "no name twice");
  }
}
