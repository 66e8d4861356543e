package dev.kaftalk.model;

/**
 * A Kafka topic with the shapes of its keys and values, so that writers and readers share one codec instead of
 * parsing by hand.
 *
 * @param spec  the topic's name and the clean-up policy it is created with
 * @param keys  the codec of its record keys
 * @param values the codec of its record values
 */
public record Topic<K, V>(TopicSpec spec, Codec<K> keys, Codec<V> values) {

  public String name() {
    return spec.name();
  }
}
