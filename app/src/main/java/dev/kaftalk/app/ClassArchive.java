package dev.kaftalk.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The application class-data archive beside the jar ({@code kaftalk.jsa}, made by the build's training start,
 * {@link ClassArchiveTraining}) and its stamp ({@code kaftalk.jsa.properties}): the jar and JVM it was made for.
 * Mapping it saves the parsing and verification of the ~14,000 classes a start loads from the jar, about 45% of
 * the start's CPU. The JVM accepts an archive only for the same jar path, size and modification time and the same
 * JVM build; checking that here first means a stale archive is never offered, so the JVM never warns about one.
 */
record ClassArchive(Path jar, Path archive, Path stamp) {

  private static final String JAR_PATH = "jar.path";
  private static final String JAR_SIZE = "jar.size";
  private static final String JAR_MODIFIED = "jar.modified";
  private static final String JVM = "jvm";

  /** The archive that belongs beside {@code jar}: {@code kaftalk.jar} gives {@code kaftalk.jsa}. */
  static ClassArchive besideJar(Path jar) {
    Path absolute = jar.toAbsolutePath().normalize();
    String name = absolute.getFileName().toString().replaceFirst("\\.jar$", "");
    return new ClassArchive(absolute, absolute.resolveSibling(name + ".jsa"),
        absolute.resolveSibling(name + ".jsa.properties"));
  }

  /** The archive beside the jar this code runs from; empty when it runs from a class directory. */
  static Optional<ClassArchive> ofRunningJar() {
    try {
      Path location = Path.of(ClassArchive.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(location) && location.toString().endsWith(".jar")
          ? Optional.of(besideJar(location)) : Optional.empty();
    } catch (URISyntaxException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** Whether the archive exists, was written after its stamp, and was made for this jar and this JVM. */
  boolean fits() {
    try {
      if (!Files.isRegularFile(archive) || !Files.isRegularFile(stamp)
          || Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(stamp)) < 0) {
        return false;
      }
      Properties made = new Properties();
      try (InputStream in = Files.newInputStream(stamp)) {
        made.load(in);
      }
      return describe().equals(made);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Before a training start: removes any older archive and records what the new one is made for. The JVM writes the
   * archive itself when the training JVM exits, so an archive newer than this stamp is a finished one.
   */
  void prepareTraining() throws IOException {
    Files.deleteIfExists(archive);
    try (OutputStream out = Files.newOutputStream(stamp)) {
      describe().store(out, "What " + archive.getFileName() + " was made for; written by the build's training start");
    }
  }

  private Properties describe() throws IOException {
    Properties p = new Properties();
    p.setProperty(JAR_PATH, jar.toString());
    p.setProperty(JAR_SIZE, Long.toString(Files.size(jar)));
    p.setProperty(JAR_MODIFIED, Long.toString(Files.getLastModifiedTime(jar).toMillis()));
    p.setProperty(JVM, System.getProperty("java.home") + " " + System.getProperty("java.vm.version"));
    return p;
  }
}
