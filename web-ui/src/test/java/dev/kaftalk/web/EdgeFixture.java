package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The edge on its own: deployed on a free port with a test secret, and small event-bus consumers standing in for
 * the services, recording what the edge sends them.
 */
final class EdgeFixture {

  static final String SECRET = "test-session-secret-0123456789-abcdef";

  private final Vertx vertx;
  private final EdgeVerticle edge;

  private EdgeFixture(Vertx vertx, EdgeVerticle edge) {
    this.vertx = vertx;
    this.edge = edge;
  }

  static Future<EdgeFixture> deploy(Vertx vertx, JsonObject web) {
    EdgeVerticle edge = new EdgeVerticle();
    JsonObject config = new JsonObject()
        .put("instanceId", "test")
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("maxFrameBytes", 64 * 1024))
        .put("web", new JsonObject().put("sessionSecret", SECRET).mergeIn(web))
        .put("media", new JsonObject().put("uploadDir", System.getProperty("java.io.tmpdir") + "/kaftalk-edge-test-uploads"));
    // The account service's answer to an edge starting up: nobody has logged out yet.
    vertx.eventBus().consumer(Addresses.SESSIONS_VALID_AFTER, request -> request.reply(new JsonObject()));
    return vertx.deployVerticle(edge, new DeploymentOptions().setConfig(config)).map(id -> new EdgeFixture(vertx, edge));
  }

  static Future<EdgeFixture> deploy(Vertx vertx) {
    return deploy(vertx, new JsonObject());
  }

  int port() {
    return edge.port();
  }

  WebClient client() {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port()));
  }

  /** A session cookie header value as the edge would issue it for this user. */
  static String cookie(String username) {
    return cookie(username, Clock.systemUTC());
  }

  /** A cookie signed with the right secret but issued at {@code issuedAt}, so it may already have expired. */
  static String cookieIssuedAt(String username, Instant issuedAt) {
    return cookie(username, Clock.fixed(issuedAt, ZoneOffset.UTC));
  }

  private static String cookie(String username, Clock clock) {
    return SessionCookies.NAME + "=" + new SessionTokens(SECRET, Duration.ofHours(168), clock).issue(username, 0);
  }

  /** Stands in for a service at {@code address}: records each request and answers with {@code answer}. */
  Recorder service(String address, Function<Message<Object>, Object> answer) {
    Recorder recorder = new Recorder();
    vertx.eventBus().consumer(address, message -> {
      recorder.messages.add(message);
      message.reply(answer.apply(message));
    });
    return recorder;
  }

  /** Stands in for a service at {@code address} with its own behaviour. */
  void consumer(String address, Handler<Message<Object>> handler) {
    vertx.eventBus().consumer(address, handler);
  }

  /** Stands in for a service at {@code address} that refuses every request with this status and message. */
  Recorder failingService(String address, int status, String message) {
    Recorder recorder = new Recorder();
    vertx.eventBus().consumer(address, request -> {
      recorder.messages.add(request);
      request.fail(status, message);
    });
    return recorder;
  }

  /** What a stand-in service received. */
  static final class Recorder {
    final List<Message<Object>> messages = new CopyOnWriteArrayList<>();

    Message<Object> last() {
      return messages.get(messages.size() - 1);
    }
  }
}
