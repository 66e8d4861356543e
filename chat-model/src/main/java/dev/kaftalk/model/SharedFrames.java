package dev.kaftalk.model;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Publishing inbox frames without a copy per receiver. The event bus's own JSON codec deep-copies a published object
 * for each consumer, i.e. for each open socket of each member; inbox frames are built for one publish and never
 * changed after it, so every consumer can share the instance. The bridge then encodes that shared frame once rather
 * than once per socket.
 *
 * <p>The chat service hands each frame to the edge once, with its recipients ({@link Fanout} on
 * {@link Addresses#EDGE_FANOUT}), rather than once per recipient's inbox address: one event-bus message per frame and
 * edge instance instead of one per member and socket.
 *
 * <p>Inboxes are local (each instance pushes to its own sockets; Kafka carries events between instances), so the
 * codecs never write to the wire.
 */
public final class SharedFrames {

  private static final String FRAME_CODEC = "kaftalk.shared-frame";
  private static final String FANOUT_CODEC = "kaftalk.fanout";
  /** Publish options for a frame that no one changes once it is sent. */
  public static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(FRAME_CODEC).setLocalOnly(true);
  private static final DeliveryOptions FANOUT_OPTIONS =
      new DeliveryOptions().setCodecName(FANOUT_CODEC).setLocalOnly(true);

  /** One inbox frame for {@code users} (each at least once connected here); neither is changed once published. */
  public record Fanout(JsonObject frame, List<String> users) {
  }

  private SharedFrames() {
  }

  /** Makes {@link #OPTIONS} and {@link #fanOut} usable on {@code bus}; every verticle that publishes calls this. */
  public static void register(EventBus bus) {
    try {
      bus.registerCodec(new Shared<JsonObject>(FRAME_CODEC));
      bus.registerCodec(new Shared<Fanout>(FANOUT_CODEC));
    } catch (IllegalStateException alreadyRegistered) {
      // Another verticle of this Vert.x instance registered them first; codecs are per event bus.
    }
  }

  /** Hands {@code frame} to every edge instance of this Vert.x instance, for the sockets of {@code users} it holds. */
  public static void fanOut(EventBus bus, JsonObject frame, List<String> users) {
    bus.publish(Addresses.EDGE_FANOUT, new Fanout(frame, users), FANOUT_OPTIONS);
  }

  /** Passes the sender's instance to every consumer. */
  private static final class Shared<T> implements MessageCodec<T, T> {

    private final String name;

    private Shared(String name) {
      this.name = name;
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
      throw new UnsupportedOperationException("inbox frames are local only");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("inbox frames are local only");
    }

    @Override
    public T transform(T value) {
      return value;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
