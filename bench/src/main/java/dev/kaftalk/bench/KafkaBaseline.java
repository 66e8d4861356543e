package dev.kaftalk.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apache Kafka's own {@code org.apache.kafka.tools.EndToEndLatency} against the server's embedded broker: produce
 * one record, wait until it is consumed, repeat; 5,000 records of 200 B with acks=all. Run as a child JVM on the
 * bench's class path, since the tool ends with {@code Exit}. Its percentiles are Kaftalk's floor on this machine.
 */
final class KafkaBaseline {

  private static final Pattern PERCENTILES = Pattern.compile(
      "Percentiles: 50th = (\\d+), 99th = (\\d+), 99\\.9th = (\\d+)");
  private static final Pattern AVERAGE = Pattern.compile("Avg latency: ([\\d.]+) ms");

  private KafkaBaseline() {
  }

  /** {@code {records, recordBytes, acks, avgMs, p50Ms, p99Ms, p999Ms}}; the tool reports whole milliseconds. */
  static JsonObject measure(String bootstrap, int records) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path output = Files.createTempFile("kafka-e2e", ".log");
    try {
      Process tool = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          "org.apache.kafka.tools.EndToEndLatency", "--bootstrap-server", bootstrap,
          "--topic", "bench.e2e-latency", "--num-records", Integer.toString(records),
          "--producer-acks", "all", "--record-size", "200")
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!tool.waitFor(5, TimeUnit.MINUTES)) {
        tool.destroyForcibly();
        throw new IOException("EndToEndLatency did not finish within 5 minutes");
      }
      String text = Files.readString(output);
      Matcher percentiles = PERCENTILES.matcher(text);
      Matcher average = AVERAGE.matcher(text);
      if (!percentiles.find() || !average.find()) {
        throw new IOException("EndToEndLatency printed no percentiles (exit " + tool.exitValue() + "):\n" + text);
      }
      return new JsonObject()
          .put("tool", "org.apache.kafka.tools.EndToEndLatency")
          .put("records", records).put("recordBytes", 200).put("acks", "all")
          .put("avgMs", Double.parseDouble(average.group(1)))
          .put("p50Ms", Integer.parseInt(percentiles.group(1)))
          .put("p99Ms", Integer.parseInt(percentiles.group(2)))
          .put("p999Ms", Integer.parseInt(percentiles.group(3)));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
