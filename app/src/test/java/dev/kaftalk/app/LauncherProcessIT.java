package dev.kaftalk.app;

import dev.kaftalk.embedded.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher as a user meets it: a ready line, a clean stop on SIGTERM, and one clear line for bad config. */
class LauncherProcessIT {

  @Test
  void startsEmbeddedThenStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
    int port = FreePorts.pick();
    try (LauncherProcess launcher = LauncherProcess.start(dir, Map.of("HTTP_PORT", Integer.toString(port)))) {
      String ready = launcher.awaitLine("Kaftalk ready at", Duration.ofSeconds(90));
      assertTrue(ready.contains("http://localhost:" + port), ready);
      assertTrue(ready.contains("kafka embedded 127.0.0.1:") && ready.contains("s3 embedded http://127.0.0.1:"), ready);

      // 143 = 128 + SIGTERM: the JVM's own status for a signal-initiated exit, after the shutdown hooks ran.
      assertEquals(143, launcher.terminate(Duration.ofSeconds(60)), launcher.output());

      String output = launcher.output();
      assertTrue(output.contains("Kaftalk stopped"), output);
      assertFalse(output.contains("\tat ") || output.contains("Exception"), "no stack traces on shutdown:\n" + output);
      assertFalse(output.contains("SLF4J") || output.contains("log4j"), "no logger warnings:\n" + output);
      assertTrue(Files.exists(dir.resolve("data/kafka/meta.properties")), "Kafka data lives under ./data/kafka");
      assertTrue(Files.isDirectory(dir.resolve("data/kafka/chat.messages-0"))
          && !Files.exists(dir.resolve("data/kafka/chat.messages-1")), "the embedded broker's topics have one partition");
      assertTrue(Files.isDirectory(dir.resolve("data/media")), "media lives under ./data/media");
      assertTrue(Files.exists(dir.resolve("data/history/write.lock")), "the history store lives under ./data/history");
    }
  }

  @Test
  void badPortFailsFastWithOneClearLine(@TempDir Path dir) throws Exception {
    try (LauncherProcess launcher = LauncherProcess.start(dir, Map.of("HTTP_PORT", "eighty"))) {
      assertEquals(1, launcher.awaitExit(Duration.ofSeconds(30)));
      String output = launcher.output();
      assertEquals("Kaftalk could not start: HTTP_PORT must be a whole number, got 'eighty'",
          output.substring(output.indexOf("Kaftalk could not start")).strip(), output);
      assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
    }
  }

  @Test
  void unreachableKafkaFailsFastWithOneClearLine(@TempDir Path dir) throws Exception {
    String nowhere = "127.0.0.1:" + FreePorts.pick();
    Files.writeString(dir.resolve("fast.json"), "{\"startupTimeoutMs\": 3000}");
    try (LauncherProcess launcher = LauncherProcess.start(dir, Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", nowhere, "KAFTALK_CONFIG", "fast.json", "HTTP_PORT", "0"))) {
      assertEquals(1, launcher.awaitExit(Duration.ofSeconds(60)));
      String line = launcher.awaitLine("Kaftalk could not start", Duration.ofSeconds(1));
      assertTrue(line.contains("Kafka is not reachable at " + nowhere), line);
      assertFalse(launcher.output().contains("\tat "), "no stack trace:\n" + launcher.output());
    }
  }
}
