package dev.kaftalk.model;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Publishing one inbox frame to every member of a room without a copy per receiver. The event bus's own JSON codec
 * deep-copies a published object for each consumer, i.e. for each open socket of each member; inbox frames are
 * built for one publish and never changed after it, so every consumer can share the instance. The bridge then
 * encodes that shared frame once rather than once per socket.
 *
 * <p>Inboxes are local (each instance pushes to its own sockets; Kafka carries events between instances), so the
 * codec never writes to the wire.
 */
public final class SharedFrames {

  private static final String CODEC = "kaftalk.shared-frame";
  /** Publish options for a frame that no one changes once it is sent. */
  public static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(CODEC).setLocalOnly(true);

  private SharedFrames() {
  }

  /** Makes {@link #OPTIONS} usable on {@code bus}; every verticle that publishes with them calls this. */
  public static void register(EventBus bus) {
    try {
      bus.registerCodec(new Codec());
    } catch (IllegalStateException alreadyRegistered) {
      // Another verticle of this Vert.x instance registered it first; codecs are per event bus.
    }
  }

  private static final class Codec implements MessageCodec<JsonObject, JsonObject> {

    @Override
    public void encodeToWire(Buffer buffer, JsonObject frame) {
      throw new UnsupportedOperationException("inbox frames are local only");
    }

    @Override
    public JsonObject decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("inbox frames are local only");
    }

    @Override
    public JsonObject transform(JsonObject frame) {
      return frame;
    }

    @Override
    public String name() {
      return CODEC;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
