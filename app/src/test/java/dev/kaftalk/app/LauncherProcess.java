package dev.kaftalk.app;

import dev.kaftalk.testing.SharedInfra;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code Main} run as a child JVM, as a user runs the jar. Its console output goes to a file, which survives
 * the process and can be read at any time without racing the process's exit.
 */
final class LauncherProcess implements AutoCloseable {

  private final Process process;
  private final Path console;

  private LauncherProcess(Process process, Path console) {
    this.process = process;
    this.console = console;
  }

  static LauncherProcess start(Path workDir, Map<String, String> env) throws IOException {
    return launch(workDir, env, "-cp", productionClasspath(), Main.class.getName());
  }

  /** README's {@code java -jar}, on the packaged jar (with the class-data archive beside it, if the build made one). */
  static LauncherProcess startJar(Path workDir, Path jar, Map<String, String> env) throws IOException {
    return launch(workDir, env, "-jar", jar.toString());
  }

  private static LauncherProcess launch(Path workDir, Map<String, String> env, String... classAndArgs)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path console = workDir.resolve("console.log");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
    command.addAll(Arrays.asList(classAndArgs));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(console.toFile());
    builder.environment().putAll(env);
    return new LauncherProcess(builder.start(), console);
  }

  /**
   * An instance on the test run's shared Kafka and S3, as one of a deployment's instances, with {@code config} as its
   * config file; returns once it serves on {@code port}.
   */
  static LauncherProcess startInstance(SharedInfra infra, Path dataDir, int port, JsonObject config) throws Exception {
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve("instance.json"), config.encode());
    LauncherProcess child = start(dataDir, Map.of(
        "HTTP_PORT", Integer.toString(port),
        "KAFTALK_CONFIG", "instance.json",
        "KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers(),
        "S3_ENDPOINT", infra.s3Endpoint(),
        "S3_ACCESS_KEY", SharedInfra.ACCESS_KEY,
        "S3_SECRET_KEY", SharedInfra.SECRET_KEY,
        "S3_BUCKET", SharedInfra.unique("media"),
        "SESSION_SECRET", TestInstances.SESSION_SECRET));
    try {
      child.awaitLine("Kaftalk ready at", Duration.ofSeconds(90));
      return child;
    } catch (AssertionError | InterruptedException e) {
      child.close();
      throw e;
    }
  }

  /** The test JVM's class path without test classes, so the launcher logs with its own configuration. */
  private static String productionClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Polls the output until a line contains {@code text}, or fails when the deadline passes. */
  String awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : output().split("\n")) {
        if (line.contains(text)) {
          return line;
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("no line containing '" + text + "' within " + timeout + "; output:\n" + output());
  }

  /** The JVM the launcher started the server in, when it handed it to an archived JVM. */
  Optional<ProcessHandle> server() {
    return process.children().findFirst();
  }

  /** SIGKILL, as the OOM killer or a crash does. */
  void kill() {
    process.destroyForcibly();
  }

  /** Sends SIGTERM, as Ctrl-C or a container stop does, and returns the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return awaitExit(timeout);
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("launcher still running after " + timeout + "; output:\n" + output());
    }
    return process.exitValue();
  }

  String output() {
    try {
      return Files.exists(console) ? Files.readString(console) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.children().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
