package dev.kaftalk.app;

import dev.kaftalk.embedded.FreePorts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * README's {@code java -jar} on the packaged jar with the build's class-data archive beside it: the launcher runs the
 * server in a JVM that maps the archive, and the pair stops as one process would, on SIGTERM and on SIGKILL.
 */
class ArchivedLaunchIT {

  private static final Path JAR = Path.of("target", "kaftalk.jar").toAbsolutePath();

  @BeforeAll
  static void archiveWasBuilt() {
    assumeTrue(ClassArchive.besideJar(JAR).fits(),
        "the package step made no class-data archive for this jar (-Dkaftalk.classArchive.skip=true)");
  }

  @Test
  void serverMapsTheArchiveAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
    int port = FreePorts.pick();
    try (LauncherProcess launcher = LauncherProcess.startJar(dir, JAR, Map.of("HTTP_PORT", Integer.toString(port)))) {
      launcher.awaitLine("Kaftalk ready at http://localhost:" + port, Duration.ofSeconds(90));
      assertTrue(launcher.output().contains("Running with the class-data archive"), launcher.output());
      ProcessHandle server = launcher.server().orElseThrow(() -> new AssertionError("no server JVM under the launcher"));
      assertTrue(server.info().arguments().map(a -> String.join(" ", a)).orElse("").contains("-XX:SharedArchiveFile="),
          "the server JVM maps the archive");

      assertEquals(143, launcher.terminate(Duration.ofSeconds(60)), launcher.output());
      assertFalse(server.isAlive(), "the server JVM stopped before its launcher");
      String output = launcher.output();
      assertTrue(output.contains("Kaftalk stopped"), output);
      assertFalse(output.contains("\tat ") || output.contains("Exception"), "no stack traces on shutdown:\n" + output);
      assertFalse(output.contains("[warning][cds"), "the JVM took the archive without complaint:\n" + output);
    }
  }

  @Test
  void serverStopsWhenTheLauncherIsKilled(@TempDir Path dir) throws Exception {
    int port = FreePorts.pick();
    try (LauncherProcess launcher = LauncherProcess.startJar(dir, JAR, Map.of("HTTP_PORT", Integer.toString(port)))) {
      launcher.awaitLine("Kaftalk ready at", Duration.ofSeconds(90));
      ProcessHandle server = launcher.server().orElseThrow(() -> new AssertionError("no server JVM under the launcher"));

      launcher.kill();
      server.onExit().get(30, TimeUnit.SECONDS);
      assertTrue(launcher.output().contains("The launcher process is gone; stopping at once"), launcher.output());
    }
  }

  @Test
  void offRunsTheServerInOneJvm(@TempDir Path dir) throws Exception {
    try (LauncherProcess launcher = LauncherProcess.startJar(dir, JAR, Map.of("HTTP_PORT", "eighty",
        ArchivedLaunch.SWITCH_ENV, "off"))) {
      assertEquals(1, launcher.awaitExit(Duration.ofSeconds(30)));
      assertFalse(launcher.output().contains("class-data archive"), launcher.output());
      assertTrue(launcher.output().contains("Kaftalk could not start: HTTP_PORT must be a whole number"),
          launcher.output());
    }
  }
}
