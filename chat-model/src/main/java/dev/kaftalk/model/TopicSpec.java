package dev.kaftalk.model;

/** A topic Kaftalk creates at start-up; {@code compacted} topics hold state, the others hold a timeline. */
public record TopicSpec(String name, boolean compacted) {

  public static TopicSpec compacted(String name) {
    return new TopicSpec(name, true);
  }

  public static TopicSpec timeline(String name) {
    return new TopicSpec(name, false);
  }
}
