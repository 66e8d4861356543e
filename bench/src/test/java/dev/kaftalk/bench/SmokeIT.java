package dev.kaftalk.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The only scenario CI runs: the packaged server jar as a child process, 20 tabs of 10 users sending 20 msg/s for
 * 5 s through the real bridge. Every send is answered and accepted, every member's every tab gets every message
 * exactly once, and the Kafka probe and baseline tool run against the same broker; so the suite itself keeps working.
 */
class SmokeIT {

  @Test
  void everyMessageReachesEveryTabOfItsRoomOnce() throws Exception {
    JsonObject result = Bench.run(new Options(new String[] {"smoke", "--jar=../app/target/kaftalk.jar",
        "--results=target/results", "--heap=512m"}));
    assertAll(
        () -> assertEquals(100, result.getLong("sent"), result.encodePrettily()),
        () -> assertEquals(100, result.getLong("accepted"), result.encodePrettily()),
        () -> assertEquals(0, result.getLong("errors"), result.encodePrettily()),
        () -> assertEquals(1000, result.getLong("expectedDeliveries"), "100 messages x 5 members x 2 tabs"),
        () -> assertEquals(1000, result.getLong("deliveries"), result.encodePrettily()),
        () -> assertEquals(0, result.getLong("lost"), result.encodePrettily()),
        () -> assertEquals(0, result.getLong("duplicates"), result.encodePrettily()),
        () -> assertEquals(1000, result.getJsonObject("latencyMs").getLong("count")),
        () -> assertTrue(result.getDouble("serverHeapAfterGcMiB") > 0, "server heap sampled"),
        () -> assertTrue(result.getJsonObject("kafkaBaseline").getDouble("avgMs") > 0, "Kafka tool ran"),
        () -> assertTrue(result.getJsonObject("kafkaRoundTrip").getJsonObject("latencyMs").getLong("count") >= 90,
            "the Kafka probe beside the load received its records (20 a second for 5 s): " + result.encodePrettily()));
  }
}
