package dev.kaftalk.app;

import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One Kaftalk instance for a test class, on the run's shared Kafka and S3 ({@link TestInstances}), started before
 * the class's tests and closed after them. Register it with {@code @RegisterExtension static final}.
 */
final class RunningKaftalk implements BeforeAllCallback, AfterAllCallback {

  private final Consumer<JsonObject> configure;
  private final Clock clock;
  private Path dataDir;
  private Kaftalk kaftalk;

  private RunningKaftalk(Consumer<JsonObject> configure, Clock clock) {
    this.configure = configure;
    this.clock = clock;
  }

  static RunningKaftalk withDefaults() {
    return configured(config -> { });
  }

  /** @param configure adjusts the test configuration before the instance starts */
  static RunningKaftalk configured(Consumer<JsonObject> configure) {
    return new RunningKaftalk(configure, Clock.systemUTC());
  }

  /** @param clock the instance's time, which the test moves (quiet hours ending, say) */
  static RunningKaftalk withClock(Clock clock) {
    return new RunningKaftalk(config -> { }, clock);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("kaftalk-it");
    JsonObject config = TestInstances.config(SharedInfraExtension.infra(context), dataDir);
    configure.accept(config);
    kaftalk = Kaftalk.start(config, clock);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (kaftalk != null) {
      kaftalk.close();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(RunningKaftalk::delete);
    }
  }

  Kaftalk kaftalk() {
    return kaftalk;
  }

  int port() {
    return kaftalk.httpPort();
  }

  /** The browser app's address. */
  String url() {
    return "http://localhost:" + port() + "/";
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
