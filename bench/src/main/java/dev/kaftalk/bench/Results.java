package dev.kaftalk.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** One JSON file per scenario run, with the machine it ran on, so a number is never read without its context. */
final class Results {

  private Results() {
  }

  static JsonObject machine() {
    return new JsonObject()
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("cpu", cpuModel())
        .put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
        .put("kafka", "embedded single KRaft node, " + org.apache.kafka.common.utils.AppInfoParser.getVersion())
        .put("client", "bench JVM on the same machine as the server")
        .put("loadAverage", loadAverage());
  }

  /** 1, 5 and 15 minute load averages when the result is written: how busy the shared machine was meanwhile. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Writes {@code <dir>/<name>.json} and returns its path. */
  static Path write(Path dir, String name, JsonObject result) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".json");
    JsonObject full = new JsonObject().put("scenario", name).put("at", Instant.now().toString())
        .put("machine", machine()).mergeIn(result);
    Files.writeString(file, full.encodePrettily() + "\n");
    return file;
  }
}
