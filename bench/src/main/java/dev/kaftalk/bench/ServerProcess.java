package dev.kaftalk.bench;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server under test: {@code java -jar kaftalk.jar --config <bench config>} as a child JVM with its own embedded
 * broker and store in a temp directory. It is started, waited for (/health/ready), sampled from outside, possibly
 * stopped and started again on the same data and ports ({@link #stop}, {@link #launch}), and always killed at the
 * end, with its temp directory.
 */
final class ServerProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  /** A clean stop flushes producers and commits the history store; it takes seconds, not minutes. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern HEAP_USED = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$",
      Pattern.MULTILINE);
  private static final Pattern STARTUP_PHASE = Pattern.compile("Start-up phase (.+): (\\d+) ms$");
  private static final Pattern SELF_REPORTED = Pattern.compile("Kaftalk ready at .* (\\d+) ms\\)");
  private static final String S3_SECRET = "bench-secret-key";

  /** How {@link #stop} ends the running server: SIGTERM (a clean stop) or SIGKILL (a crash). */
  enum Stop { TERM, KILL }

  private final Path workDir;
  private final List<String> command;
  private final int httpPort;
  private final int kafkaPort;
  private final int s3Port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Replaced by each {@link #launch}; the shutdown hook kills whichever runs then. */
  private volatile Process process;
  private int launches;
  private long readyMillis = -1;

  private ServerProcess(Path workDir, List<String> command, int httpPort, int kafkaPort, int s3Port) {
    this.workDir = workDir;
    this.command = command;
    this.httpPort = httpPort;
    this.kafkaPort = kafkaPort;
    this.s3Port = s3Port;
  }

  /** Starts the jar with these JVM options and returns once /health/ready answers 200. */
  static ServerProcess start(Path jar, List<String> jvmOptions) throws IOException, InterruptedException {
    return start(jar, jvmOptions, config -> { });
  }

  /** The same, with the bench's server settings changed by {@code adjust} first (e.g. an outside Kafka). */
  static ServerProcess start(Path jar, List<String> jvmOptions, Consumer<JsonObject> adjust)
      throws IOException, InterruptedException {
    Path workDir = Files.createTempDirectory("kaftalk-bench-server");
    int httpPort = freePort();
    int kafkaPort = freePort();
    int s3Port = freePort();
    Path config = workDir.resolve("bench-server.json");
    JsonObject settings = config(workDir.resolve("data"), httpPort, kafkaPort, s3Port);
    adjust.accept(settings);
    Files.writeString(config, settings.encodePrettily());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--config", config.toString()));
    ServerProcess server = new ServerProcess(workDir, List.copyOf(command), httpPort, kafkaPort, s3Port);
    // A bench stopped with Ctrl-C or SIGTERM must not leave its server (and broker) running.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.process.children().forEach(ProcessHandle::destroyForcibly);
      server.process.destroyForcibly();
    }, "kill-bench-server"));
    try {
      server.launch(READY_TIMEOUT);
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Ends the running server the way {@code how} says and waits for it to exit; its data and ports stay. */
  void stop(Stop how) throws IOException, InterruptedException {
    List<ProcessHandle> servers = process.children().toList();
    if (how == Stop.TERM) {
      process.destroy();
    } else {
      // The server JVM itself, not only its launcher: a crash of the server is what a KILL stands for.
      servers.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IOException("server pid " + pid() + " still running " + STOP_TIMEOUT + " after " + how);
    }
    for (ProcessHandle server : servers) {
      try {
        server.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("server pid " + server.pid() + " still running " + STOP_TIMEOUT + " after " + how);
      }
    }
  }

  /** The server's {@code DATA_DIR}: the broker's log, the history store, the session secret. */
  Path dataDir() {
    return workDir.resolve("data");
  }

  /**
   * Starts the server (again, after {@link #stop}: on the same data directory and ports) and returns once
   * /health/ready answers, or fails after {@code readyTimeout}.
   */
  void launch(Duration readyTimeout) throws IOException, InterruptedException {
    long started = System.nanoTime();
    launches++;
    process = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log().toFile())
        .start();
    awaitReady(started, readyTimeout);
    LOG.info("server pid {} ready on port {} in {} ms (kafka 127.0.0.1:{})", pid(), httpPort, readyMillis,
        kafkaPort);
  }

  /** This launch's output; each launch writes its own. */
  private Path log() {
    return workDir.resolve(launches == 1 ? "server.log" : "server-" + launches + ".log");
  }

  /**
   * The bench's server settings on top of the defaults: loopback ports fixed so that Kafka's own tool can reach the
   * broker, a cheap password hash and lifted send, search and sign-up limits (the bench creates hundreds of accounts
   * in seconds from one IP, and it measures the server, not its abuse limits). Never production settings.
   */
  static JsonObject config(Path dataDir, int httpPort, int kafkaPort, int s3Port) {
    return new JsonObject()
        .put("dataDir", dataDir.toString())
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", httpPort))
        .put("chat", new JsonObject().put("passwordIterations", 1000).put("messagesPerSecond", 1_000_000)
            .put("messageBurst", 1_000_000).put("maxPendingSignups", 1000)
            .put("search", new JsonObject().put("perSecond", 1_000_000).put("burst", 1_000_000)))
        .put("web", new JsonObject().put("registrationsPerMinute", 100_000))
        .put("s3", new JsonObject().put("accessKey", "kaftalk").put("secretKey", S3_SECRET))
        .put("embedded", new JsonObject().put("kafkaPort", kafkaPort).put("s3Port", s3Port));
  }

  /**
   * The JVM that serves: with the class-data archive beside the jar, {@code java -jar} is a launcher that runs the
   * server in a child JVM (README "Start-up"), and CPU, threads and heap are the child's.
   */
  long pid() {
    return process.children().findFirst().map(ProcessHandle::pid).orElse(process.pid());
  }

  int httpPort() {
    return httpPort;
  }

  String kafkaBootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  String s3Endpoint() {
    return "http://127.0.0.1:" + s3Port;
  }

  String s3AccessKey() {
    return "kaftalk";
  }

  String s3SecretKey() {
    return S3_SECRET;
  }

  /** From process start to the first 200 of /health/ready, JVM start included. */
  long readyMillis() {
    return readyMillis;
  }

  ProcStats stats() {
    return ProcStats.of(pid());
  }

  /**
   * Waits until the server uses less than {@code cores} over a second, or {@code max} passed: after a bulk write its
   * history store keeps merging segments for a while, which a read measurement would otherwise include. Answers the
   * seconds waited.
   */
  double awaitQuiet(double cores, Duration max) throws InterruptedException {
    long start = System.nanoTime();
    ProcStats before = stats();
    while (System.nanoTime() - start < max.toNanos()) {
      long sampled = System.nanoTime();
      TimeUnit.SECONDS.sleep(1);
      ProcStats now = stats();
      if (now.coresSince(before, System.nanoTime() - sampled) < cores) {
        break;
      }
      before = now;
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Live heap: a full GC in the server ({@code jcmd GC.run}), then the heap pools' used bytes from /metrics. */
  long heapAfterGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher used = HEAP_USED.matcher(get("/metrics").body());
    double sum = 0;
    while (used.find()) {
      sum += Double.parseDouble(used.group(1));
    }
    return (long) sum;
  }

  /** The server's live objects by class ({@code jcmd GC.class_histogram}, which runs a full GC first). */
  LiveHistogram liveHistogram() throws IOException, InterruptedException {
    return LiveHistogram.parse(jcmd("GC.class_histogram"));
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process run = new ProcessBuilder(jcmd, Long.toString(pid()), command).redirectErrorStream(true).start();
    // Read before waiting: a histogram fills the pipe's buffer long before the process ends.
    String output = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
      throw new IOException("jcmd " + command + " failed for pid " + pid() + ": " + output);
    }
    return output;
  }

  /** The start-up time the server itself printed ("Kaftalk ready at ... N ms)": from main() on, JVM start excluded. */
  long selfReportedStartMillis() {
    Matcher ready = SELF_REPORTED.matcher(logTail());
    return ready.find() ? Long.parseLong(ready.group(1)) : -1;
  }

  /** The start-up phases this launch logged ("Start-up phase kafka: 1210 ms"), in their order, in ms. */
  JsonObject startupPhases() throws IOException {
    JsonObject phases = new JsonObject();
    try (Stream<String> lines = Files.lines(log())) {
      lines.map(STARTUP_PHASE::matcher).filter(Matcher::find)
          .forEach(m -> phases.put(m.group(1), Long.parseLong(m.group(2))));
    }
    return phases;
  }

  /** The first line of this launch's output that {@code pattern} finds something in, if any. */
  Optional<Matcher> logged(Pattern pattern) throws IOException {
    try (Stream<String> lines = Files.lines(log())) {
      return lines.map(pattern::matcher).filter(Matcher::find).findFirst();
    }
  }

  /** How many ERROR lines the server has logged so far. */
  long errorLines() throws IOException {
    try (Stream<String> lines = Files.lines(log())) {
      return lines.filter(line -> line.contains(" ERROR ")).count();
    }
  }

  /** The last lines the server printed, for a failure message. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no server log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.children().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(workDir);
  }

  private void awaitReady(long startedNanos, Duration timeout) throws IOException, InterruptedException {
    long deadline = startedNanos + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("server exited with " + process.exitValue() + ":\n" + logTail());
      }
      if (ready()) {
        readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        return;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new IOException("server not ready within " + timeout + ":\n" + logTail());
  }

  private boolean ready() throws InterruptedException {
    try {
      return get("/health/ready").statusCode() == 200;
    } catch (IOException notListeningYet) {
      return false;
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(30)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Deletes {@code root} and everything under it; what cannot be deleted is logged and left. */
  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete {}: {}", root, e.getMessage());
    }
  }
}
