package dev.kaftalk.model;

/** A topic Kaftalk creates at start-up, with the clean-up policy its content needs. */
public record TopicSpec(String name, Kind kind) {

  public enum Kind {
    /** State: only the latest value per key matters. */
    COMPACTED,
    /** A timeline kept for the configured message retention. */
    TIMELINE,
    /** Signals that matter for seconds; kept briefly. */
    SIGNALS
  }

  public static TopicSpec compacted(String name) {
    return new TopicSpec(name, Kind.COMPACTED);
  }

  public static TopicSpec timeline(String name) {
    return new TopicSpec(name, Kind.TIMELINE);
  }

  public static TopicSpec signals(String name) {
    return new TopicSpec(name, Kind.SIGNALS);
  }
}
