package dev.kaftalk.testing.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the log lines of this JVM at WARN and above, from every logger, while it is attached: for tests that
 * check what an operator would see in the log.
 */
public final class LogRecorder extends AppenderBase<ILoggingEvent> {

  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

  /** A started recorder attached to the root logger. */
  public static LogRecorder attach() {
    LogRecorder recorder = new LogRecorder();
    recorder.start();
    root().addAppender(recorder);
    return recorder;
  }

  public void detach() {
    root().detachAppender(this);
    stop();
  }

  /** "logger: message" of every recorded line at {@code level} exactly. */
  public List<String> lines(Level level) {
    return events.stream().filter(e -> e.getLevel().equals(level))
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
      events.add(event);
    }
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
