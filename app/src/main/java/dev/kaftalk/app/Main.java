package dev.kaftalk.app;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/** {@code java -jar kaftalk.jar [--config FILE]}: starts one Kaftalk instance and stops it on SIGTERM/Ctrl-C. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    // Before anything else loads: a launcher that hands the server to an archived JVM needs no logging.
    ArchivedLaunch.runServerWithArchive(args);
    installLogging();
    Logger log = LoggerFactory.getLogger(Main.class);
    if (ArchivedLaunch.isArchivedServer()) {
      ArchivedLaunch.stopWithLauncher();
      log.info("Running with the class-data archive beside the jar (launcher pid {}, set {}=off to run in one JVM)",
          ProcessHandle.current().parent().map(p -> Long.toString(p.pid())).orElse("?"), ArchivedLaunch.SWITCH_ENV);
    }
    // Registered before the start: a SIGTERM that comes during it, or right after the ready line, finds a hook in
    // place (a hook added once the JVM is shutting down throws). Stopped before it was ready, nothing is closed: the
    // broker's log and the history store recover from that as from a crash.
    AtomicReference<Kaftalk> running = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Kaftalk started = running.get();
      if (started != null) {
        started.close();
      }
    }, "kaftalk-shutdown"));
    try {
      JsonObject config = ConfigLoader.load(configFileArgument(args), System.getenv());
      Kaftalk.start(config, Clock.systemUTC(), running::set);
    } catch (RuntimeException e) {
      log.error("Kaftalk could not start: {}", reason(e));
      log.debug("Start-up failure", e);
      System.exit(1);
    }
  }

  /** Java logging (Kafka's and s3proxy's dependencies use it) goes to SLF4J like everything else. */
  static void installLogging() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  private static String configFileArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return args[i + 1];
      }
      if (args[i].startsWith("--config=")) {
        return args[i].substring("--config=".length());
      }
    }
    return null;
  }

  private static String reason(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
