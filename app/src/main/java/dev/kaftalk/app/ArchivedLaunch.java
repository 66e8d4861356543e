package dev.kaftalk.app;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Java 17 maps an application class-data archive only when the command line names it, and README's command is plain
 * {@code java -jar kaftalk.jar}. So when a fitting archive lies beside the jar, this JVM (the launcher) starts the
 * server in a second JVM with the same options plus {@code -XX:SharedArchiveFile}, passes its console through,
 * forwards SIGTERM/Ctrl-C as SIGTERM, and exits with the server's status. The server JVM stops at once if the
 * launcher disappears (SIGKILL), so the pair behaves as one process. {@code KAFTALK_CLASS_ARCHIVE=off} runs the
 * server in this JVM instead, as do JVM options that manage class data, agents or recordings themselves.
 */
final class ArchivedLaunch {

  static final String SWITCH_ENV = "KAFTALK_CLASS_ARCHIVE";
  private static final String SERVER_PROPERTY = "kaftalk.archivedServer";
  private static final String LAUNCHED_PROPERTY = "kaftalk.launcherStartMs";
  /**
   * Map the archive at the address it was written for when that address is free. This JDK's default (1) always maps
   * it elsewhere, for address-space randomisation of the archived class metadata, and then rewrites every pointer in
   * the 97 MB archive: 0.3-0.4 s of every start (JVM creation 0.06-0.08 s with 0, 0.37-0.40 s with 1, at load 4-5).
   * The JVM falls back to relocating when the address is taken. Given before the launcher's own options, so an
   * {@code -XX:ArchiveRelocationMode} there wins.
   */
  private static final List<String> MAP_AT_ARCHIVED_ADDRESS = List.of("-XX:+UnlockDiagnosticVMOptions",
      "-XX:ArchiveRelocationMode=0");
  private static final List<String> SELF_MANAGED = List.of("-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit",
      "-Xshare", "-javaagent", "-agentlib", "-agentpath", "-XX:StartFlightRecording", "-D" + SERVER_PROPERTY);

  private ArchivedLaunch() {
  }

  /** Whether this JVM is the server a launcher started with the archive. */
  static boolean isArchivedServer() {
    return Boolean.getBoolean(SERVER_PROPERTY);
  }

  /** In an archived server: when the launcher's JVM started (epoch ms); otherwise when this JVM started. */
  static long launchedAtMillis() {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    return isArchivedServer() ? Long.getLong(LAUNCHED_PROPERTY, jvmStart) : jvmStart;
  }

  /**
   * In the launcher: runs the server in a JVM that maps the archive and never returns. Returns at once, having done
   * nothing, when the server should run in this JVM.
   */
  static void runServerWithArchive(String[] args) {
    if (isArchivedServer() || "off".equalsIgnoreCase(System.getenv(SWITCH_ENV))
        || System.getenv("JAVA_TOOL_OPTIONS") != null || System.getenv("JDK_JAVA_OPTIONS") != null) {
      return;
    }
    Optional<ClassArchive> archive = ClassArchive.ofRunningJar().filter(ClassArchive::fits);
    List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (archive.isEmpty() || jvmOptions.stream().anyMatch(o -> SELF_MANAGED.stream().anyMatch(o::startsWith))) {
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(MAP_AT_ARCHIVED_ADDRESS);
    command.addAll(jvmOptions);
    command.add("-XX:SharedArchiveFile=" + archive.get().archive());
    command.add("-D" + SERVER_PROPERTY + "=true");
    command.add("-D" + LAUNCHED_PROPERTY + "=" + ManagementFactory.getRuntimeMXBean().getStartTime());
    command.addAll(List.of("-cp", archive.get().jar().toString(), Main.class.getName()));
    command.addAll(List.of(args));
    System.exit(runToEnd(command));
  }

  /**
   * In the server: stops the JVM at once when the launcher is gone. Its end closes the server's standard input,
   * a pipe only it holds; a clean stop goes through the launcher's SIGTERM instead, which keeps the pipe open.
   */
  static void stopWithLauncher() {
    Thread watch = new Thread(() -> {
      try (InputStream launcher = System.in) {
        while (launcher.read() >= 0) {
          // The launcher never writes: reading on only waits for the end of the pipe.
        }
      } catch (IOException ignored) {
        // Same as the end of the stream: the launcher is gone.
      }
      LoggerFactory.getLogger(ArchivedLaunch.class).error("The launcher process is gone; stopping at once");
      Runtime.getRuntime().halt(1);
    }, "kaftalk-launcher-watch");
    watch.setDaemon(true);
    watch.start();
  }

  private static int runToEnd(List<String> command) {
    Process server;
    try {
      server = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      System.err.println("Kaftalk could not start: cannot start " + command.get(0) + ": " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // SIGTERM through the handle: Process.destroy() would also close the server's standard input, which the
      // server takes for the launcher's death.
      server.toHandle().destroy();
      awaitExit(server);
    }, "kaftalk-launcher-stop"));
    return awaitExit(server);
  }

  private static int awaitExit(Process server) {
    while (true) {
      try {
        return server.waitFor();
      } catch (InterruptedException e) {
        // The launcher has nothing else to do than wait for its server.
      }
    }
  }
}
