package dev.kaftalk.bench;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.MediaRef;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Writes a long history into {@code chat.messages} as fast as the broker takes it, with a Kafka producer of its own:
 * records of exactly the shape the chat service writes ({@link TimelineEvent#CODEC}, keyed by room), but without a
 * send, an answer and a fan-out per message, which would take hours for millions. Message {@code n} has
 * {@link Chatter} line {@code n}, a timestamp spread evenly over the last {@code spanMs} (record time and {@code ts}
 * alike, so Kafka's retention keeps it), one of {@code authors} made-up authors at random, and one in 50 is an image
 * and one in 200 a voice clip, so {@code has:} finds something. The rooms must exist: the server serves a room's
 * history to its members only.
 */
final class TimelineWriter {

  /** The newest record written to one partition, which the server serves last. */
  record Newest(String roomId, String messageId, long offset) {
  }

  /**
   * What was written, how fast, and the timestamps of the first and last message.
   *
   * @param startNanos when the writing started ({@link System#nanoTime()})
   */
  record Written(long messages, long startNanos, double seconds, long firstTs, long lastTs,
                 Map<Integer, Newest> newest) {

    double perSecond() {
      return messages / seconds;
    }

    /**
     * Waits until the server serves the newest message of every partition as its room's newest: then it has indexed
     * everything written, since it applies each partition in order. Answers the seconds from the start of the writing.
     */
    double awaitServed(Accounts accounts, Function<String, BenchUser> memberOf, Duration timeout)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!served(accounts, memberOf)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the server did not serve the newest messages within " + timeout);
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MS);
      }
      return (System.nanoTime() - startNanos) / 1e9;
    }

    private boolean served(Accounts accounts, Function<String, BenchUser> memberOf) {
      return BenchRun.await(Future.all(newest.values().stream().map(last ->
              accounts.history(memberOf.apply(last.roomId()), last.roomId(), null, null, 1)
                  .map(page -> isNewest(page, last))).toList()))
          .<Boolean>list().stream().allMatch(Boolean::booleanValue);
    }

    private static boolean isNewest(JsonArray page, Newest last) {
      return !page.isEmpty() && page.getJsonObject(page.size() - 1).getString("id").equals(last.messageId());
    }
  }

  /** Salts of {@link #traits}. */
  private static final long AUTHOR = 0x5DEECE66DL << 20;
  private static final long KIND = 0x2545F4914F6CDD1DL;
  private static final Logger LOG = LoggerFactory.getLogger(TimelineWriter.class);
  private static final long POLL_MS = 250;
  private static final long PROGRESS_EVERY = 500_000;
  private static final MediaRef IMAGE = new MediaRef("bench-image", MediaRef.IMAGE, "image/png", 183_412, 1280, 960,
      null);
  private static final MediaRef VOICE = new MediaRef("bench-voice", MediaRef.VOICE, "audio/webm", 96_310, null, null,
      12_400L);

  private final Chatter chatter;
  private final int authors;
  private final long spanMs;

  TimelineWriter(Chatter chatter, int authors, long spanMs) {
    this.chatter = chatter;
    this.authors = authors;
    this.spanMs = spanMs;
  }

  /** A writer of the options' {@code vocabulary} (20,000 words), {@code authors} (1,000) and {@code days} (20). */
  static TimelineWriter of(Options options) {
    return new TimelineWriter(new Chatter(options.integer("vocabulary", 20_000)), options.integer("authors", 1000),
        Duration.ofDays(options.integer("days", 20)).toMillis());
  }

  Chatter chatter() {
    return chatter;
  }

  /** The author of message {@code n}: {@code p<k>}, one of {@code authors}. */
  String author(long n) {
    return "p" + traits(n, AUTHOR).nextInt(authors);
  }

  /** Writes {@code count} messages, message {@code n} to room {@code roomOf(n)}, and returns once all are acked. */
  Written write(String bootstrap, long count, LongFunction<String> roomOf) {
    Map<Integer, Newest> newest = new HashMap<>();
    AtomicReference<Exception> failed = new AtomicReference<>();
    long start = System.nanoTime();
    long first = System.currentTimeMillis() - spanMs;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
      for (long n = 0; n < count && failed.get() == null; n++) {
        ChatMessage message = message(n, roomOf.apply(n), first + (count <= 1 ? 0 : spanMs * n / (count - 1)));
        producer.send(new ProducerRecord<>(Topics.MESSAGES.name(), null, message.ts(), message.roomId(),
            Topics.MESSAGES.values().encode(new TimelineEvent.Message(message))), (metadata, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
                return;
              }
              synchronized (newest) {
                newest.merge(metadata.partition(), new Newest(message.roomId(), message.id(), metadata.offset()),
                    (a, b) -> a.offset() > b.offset() ? a : b);
              }
            });
        if ((n + 1) % PROGRESS_EVERY == 0) {
          LOG.info("{} of {} messages written to {}", n + 1, count, Topics.MESSAGES.name());
        }
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("writing " + Topics.MESSAGES.name() + " failed", failed.get());
    }
    synchronized (newest) {
      return new Written(count, start, (System.nanoTime() - start) / 1e9, first, first + spanMs, Map.copyOf(newest));
    }
  }

  /** The id of message {@code n}: a UUID, as the chat service's, made from {@code n} so a reader can check it. */
  static String messageId(long n) {
    SplittableRandom random = new SplittableRandom(n);
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  /** Voice clips have no text. */
  static boolean isVoice(long n) {
    return kind(n) == 0;
  }

  /**
   * What message {@code n} is: 0 a voice clip, 1-4 an image, else text. Drawn from {@code n} rather than taken from
   * {@code n} modulo something, which would fall on the same rooms whenever the rooms are written round robin.
   */
  private static int kind(long n) {
    return traits(n, KIND).nextInt(200);
  }

  /** Message {@code n}'s random numbers for one trait, apart from its other traits', its text's and its id's. */
  private static SplittableRandom traits(long n, long trait) {
    return new SplittableRandom(n ^ trait);
  }

  private ChatMessage message(long n, String roomId, long ts) {
    String id = messageId(n);
    int kind = kind(n);
    MediaRef media = kind == 0 ? VOICE : kind < 5 ? IMAGE : null;
    String text = media == VOICE ? null : chatter.text(n);
    return new ChatMessage(id, roomId, author(n), ts, "w" + n, null, text, media);
  }

  /**
   * Kaftalk's own producer settings (acks=all, idempotent), batched harder: the bench wants throughput, and the
   * server reads the records the same whichever batch they came in.
   */
  private static Map<String, Object> producerConfig(String bootstrap) {
    Map<String, Object> config = new HashMap<>(new KafkaSettings(bootstrap, 0, 1, 1, 1, -1)
        .producer("bench-timeline-writer"));
    config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
    return config;
  }
}
