package dev.kaftalk.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.vertx.core.json.JsonObject;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The build's training start for {@link ClassArchive}: run from the packaged jar with
 * {@code -XX:ArchiveClassesAtExit}, it starts a default instance (embedded Kafka and S3) on an empty temporary data
 * directory and loopback port, stops it, and exits; the JVM then writes every class that start and stop loaded into
 * the archive beside the jar.
 */
public final class ClassArchiveTraining {

  private ClassArchiveTraining() {
  }

  public static void main(String[] args) throws IOException {
    ClassArchive archive = ClassArchive.ofRunningJar()
        .orElseThrow(() -> new IllegalStateException("the training start runs from the packaged jar"));
    archive.prepareTraining();
    Main.installLogging();
    // A quiet build: the start's own INFO lines would fill the package step's output.
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    Path dataDir = Files.createTempDirectory("kaftalk-class-archive");
    try {
      JsonObject config = ConfigLoader.load(null, Map.of()).put("dataDir", dataDir.toString());
      config.getJsonObject("http").put("host", "127.0.0.1").put("port", 0);
      Kaftalk.start(config).close();
    } finally {
      deleteTree(dataDir);
    }
    System.exit(0);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
