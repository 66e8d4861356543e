package dev.kaftalk.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameEncoderTest {

  private final FrameEncoder encoder = new FrameEncoder();

  @Test
  void writesTheSameJsonAsTheBridgeWould() {
    JsonObject body = new JsonObject().put("type", "message").put("message", new JsonObject()
        .put("text", "quote \" backslash \\ newline \n emoji \uD83D\uDE00 <script>").put("ts", 1L));
    JsonObject envelope = envelope("client.inbox.ann", body);

    assertEquals(envelope, new JsonObject(encoder.encode(envelope)));
    assertEquals(envelope, new JsonObject(encoder.encode(envelope)), "a second socket of the same frame");
  }

  @Test
  void aSharedFrameIsEncodedOnceForEverySocketAndAddressedToEach() {
    JsonObject shared = new JsonObject().put("type", "typing").put("roomId", "r1").put("username", "ann");
    JsonObject first = new JsonObject(encoder.encode(envelope("client.inbox.bob", shared)));
    // Frames are never changed once published; changing one here shows the second socket reuses the encoding.
    shared.put("username", "changed");
    JsonObject second = new JsonObject(encoder.encode(envelope("client.inbox.cy", shared)));

    assertEquals("client.inbox.bob", first.getString("address"));
    assertEquals("client.inbox.cy", second.getString("address"));
    assertEquals("ann", second.getJsonObject("body").getString("username"));
  }

  @Test
  void aNewFrameIsEncodedAfresh() {
    encoder.encode(envelope("client.inbox.bob", new JsonObject().put("n", 1)));
    JsonObject next = new JsonObject(encoder.encode(envelope("client.inbox.bob", new JsonObject().put("n", 2))));

    assertEquals(2, next.getJsonObject("body").getInteger("n"));
  }

  @Test
  void envelopesWithHeadersOrOtherBodiesAreEncodedWhole() {
    JsonObject withHeaders = envelope("client.inbox.bob", new JsonObject().put("n", 1))
        .put("headers", new JsonObject().put("h", "v"));
    JsonObject textBody = new JsonObject().put("type", "rec").put("address", "client.inbox.bob").put("body", "text");

    assertEquals(withHeaders, new JsonObject(encoder.encode(withHeaders)));
    assertEquals(textBody, new JsonObject(encoder.encode(textBody)));
  }

  private static JsonObject envelope(String address, JsonObject body) {
    return new JsonObject().put("type", "rec").put("address", address).put("body", body);
  }
}
