package dev.kaftalk.bench;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of a JVM by class, as {@code jcmd <pid> GC.class_histogram} prints them after the full GC it runs
 * first: what is still referenced, per class, and the total. Two of them say which classes a piece of work kept alive.
 */
record LiveHistogram(long totalBytes, Map<String, Long> bytesByClass) {

  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)", Pattern.MULTILINE);

  static LiveHistogram parse(String jcmdOutput) {
    Map<String, Long> bytes = new HashMap<>();
    Matcher row = ROW.matcher(jcmdOutput);
    while (row.find()) {
      bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
    }
    Matcher total = TOTAL.matcher(jcmdOutput);
    if (!total.find()) {
      throw new IllegalArgumentException("not a class histogram: "
          + jcmdOutput.substring(0, Math.min(200, jcmdOutput.length())));
    }
    return new LiveHistogram(Long.parseLong(total.group(1)), bytes);
  }

  /** The {@code count} classes that grew most from {@code before} to this one, in bytes, largest first. */
  JsonObject largestGrowth(LiveHistogram before, int count) {
    JsonObject growth = new JsonObject();
    bytesByClass.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.bytesByClass.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(count)
        .forEach(e -> growth.put(e.getKey(), e.getValue()));
    return growth;
  }
}
