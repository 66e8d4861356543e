package dev.kaftalk.app;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code java -jar kaftalk.jar [--config FILE]}: starts one Kaftalk instance and stops it on SIGTERM/Ctrl-C. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Kaftalk kaftalk;
    try {
      JsonObject config = ConfigLoader.load(configFileArgument(args), System.getenv());
      kaftalk = Kaftalk.start(config);
    } catch (RuntimeException e) {
      LOG.error("Kaftalk could not start: {}", reason(e));
      LOG.debug("Start-up failure", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(kaftalk::close, "kaftalk-shutdown"));
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
