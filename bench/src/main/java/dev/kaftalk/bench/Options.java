package dev.kaftalk.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code <scenario> [--key=value ...]}: every scenario parameter has a default and can be overridden this way. */
final class Options {

  private final String scenario;
  private final Map<String, String> values = new HashMap<>();

  Options(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      throw new IllegalArgumentException("usage: bench/run <scenario> [--key=value ...]; scenarios: " + Bench.SCENARIOS);
    }
    scenario = args[0];
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --key=value, got " + arg);
      }
      values.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
  }

  String scenario() {
    return scenario;
  }

  int integer(String key, int fallback) {
    return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
  }

  double number(String key, double fallback) {
    return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
  }

  String text(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  /** The server jar ({@code --jar}, default {@code app/target/kaftalk.jar} under the working directory). */
  Path jar() {
    return Path.of(text("jar", "app/target/kaftalk.jar"));
  }

  /** Where results go ({@code --results}, default {@code bench/results}). */
  Path results() {
    return Path.of(text("results", "bench/results"));
  }

  /** The server's -Xmx ({@code --heap}, default 1g), then any other JVM options ({@code --serverJvm}, space-separated). */
  List<String> serverJvm() {
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + text("heap", "1g")));
    String more = text("serverJvm", "").strip();
    if (!more.isEmpty()) {
      jvm.addAll(List.of(more.split("\\s+")));
    }
    return jvm;
  }
}
