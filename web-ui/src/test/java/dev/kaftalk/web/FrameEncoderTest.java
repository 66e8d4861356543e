package dev.kaftalk.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.impl.JsonCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class FrameEncoderTest {

  private static final String AWKWARD = "quote \" backslash \\ newline \n tab \t bell \u0007 del \u007f e\u0301 "
      + "emoji \uD83D\uDE00 line sep \u2028 <script>";

  private final FrameEncoder encoder = new FrameEncoder();

  @Test
  void writesTheSameJsonAsTheBridgeWould() {
    JsonObject body = new JsonObject().put("type", "message").put("message", new JsonObject()
        .put("text", AWKWARD).put("ts", 1L));
    JsonObject envelope = envelope("client.inbox.ann", body);

    assertEquals(envelope, new JsonObject(utf8(encoder.parts(envelope))));
    assertEquals(envelope, new JsonObject(utf8(encoder.parts(envelope))), "a second socket of the same frame");
    assertEquals(envelope, new JsonObject(utf8(FrameEncoder.head("rec", "client.inbox.ann"), encoder.body(body),
        FrameEncoder.END)), "the fan-out's parts");
  }

  @Test
  void escapesForSockJsExactlyAsASockJsSessionDoes() {
    JsonObject envelope = envelope("client.inbox.ann", new JsonObject().put("text", AWKWARD));
    String whole = envelope.encode();

    assertEquals(JsonCodec.encode(new String[] {whole}), "[\"" + escaped(encoder.parts(envelope)) + "\"]");
  }

  @Test
  void aSharedFrameIsEncodedOnceForEverySocket() {
    JsonObject shared = new JsonObject().put("type", "typing").put("roomId", "r1").put("username", "ann");
    FrameText first = encoder.body(shared);
    FrameText second = encoder.body(shared);

    assertSame(first, second);
    assertSame(first.escaped(), second.escaped(), "escaped once too");
  }

  @Test
  void aNewFrameIsEncodedAfresh() {
    encoder.body(new JsonObject().put("n", 1));
    JsonObject next = new JsonObject(utf8(encoder.body(new JsonObject().put("n", 2))));

    assertEquals(2, next.getInteger("n"));
  }

  @Test
  void envelopesWithHeadersOrOtherBodiesAreEncodedWhole() {
    JsonObject withHeaders = envelope("client.inbox.bob", new JsonObject().put("n", 1))
        .put("headers", new JsonObject().put("h", "v"));
    JsonObject textBody = new JsonObject().put("type", "rec").put("address", "client.inbox.bob").put("body", "text");

    assertEquals(withHeaders, new JsonObject(utf8(encoder.parts(withHeaders))));
    assertEquals(textBody, new JsonObject(utf8(encoder.parts(textBody))));
  }

  private static String utf8(FrameText... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (FrameText part : parts) {
      out.writeBytes(part.utf8());
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String escaped(FrameText... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (FrameText part : parts) {
      out.writeBytes(part.escaped());
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static JsonObject envelope(String address, JsonObject body) {
    return new JsonObject().put("type", "rec").put("address", address).put("body", body);
  }
}
