package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.ConnectedUsers;
import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.SharedFrames;
import dev.kaftalk.model.TopicSpec;
import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.Eventually;
import dev.kaftalk.testing.SharedInfra;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Deploys ChatVerticle on the shared broker and talks to it over the event bus as the edge would. */
final class ChatHarness {

  static final String PASSWORD = "correct-horse-battery";
  /** The local map marking a Vert.x instance whose fan-out relay runs. */
  private static final String FANOUT_RELAY = "chat-harness.fanout-relay";

  private ChatHarness() {
  }

  /** Creates the fixed chat topics if an earlier test has not, as the app's provisioner does at start-up. */
  static Future<Void> ensureTopics(Vertx vertx, SharedInfra infra) {
    KafkaSettings kafka = infra.kafkaSettings();
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, kafka.admin(SharedInfra.unique("chat-test-admin")));
    return admin.listTopics()
        .compose(existing -> Future.all(Topics.ALL.stream()
            .filter(spec -> !existing.contains(spec.name()))
            .map(spec -> create(admin, kafka, spec))
            .toList()))
        .<Void>mapEmpty()
        .eventually(admin::close);
  }

  private static Future<Void> create(KafkaAdminClient admin, KafkaSettings kafka, TopicSpec spec) {
    NewTopic topic = new NewTopic(spec.name(), kafka.partitions(), (short) 1)
        .setConfig(Map.of("cleanup.policy", spec.kind() == TopicSpec.Kind.COMPACTED ? "compact" : "delete"));
    return admin.createTopics(List.of(topic))
        .recover(e -> e instanceof TopicExistsException || e.getCause() instanceof TopicExistsException
            ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** Fast password hashing, so tests do not wait on the production iteration count. */
  static JsonObject chatConfig() {
    return new JsonObject().put("passwordIterations", 1000);
  }

  static JsonObject config(SharedInfra infra, String instanceId, JsonObject chat) {
    KafkaSettings kafka = infra.kafkaSettings();
    return new JsonObject()
        .put("instanceId", instanceId)
        .put("kafka", new JsonObject().put("bootstrapServers", kafka.bootstrapServers())
            .put("lingerMs", kafka.lingerMs()).put("partitions", kafka.partitions())
            .put("replicationFactor", kafka.replicationFactor()).put("minInsyncReplicas", kafka.minInsyncReplicas())
            .put("messagesRetentionMs", kafka.messagesRetentionMs()))
        .put("chat", chat);
  }

  /** Deploys an instance; one without {@code historyDir} gets a new, empty history store under target/. */
  static Future<String> deploy(Vertx vertx, SharedInfra infra, JsonObject chat) {
    JsonObject withStore = chat.copy();
    if (!withStore.containsKey("historyDir")) {
      withStore.put("historyDir", newHistoryDir());
    }
    return ensureTopics(vertx, infra).compose(v -> vertx.deployVerticle(new ChatVerticle(),
        new DeploymentOptions().setConfig(config(infra, SharedInfra.unique("chat"), withStore))));
  }

  /** A directory for a history store that no instance has used yet. */
  static String newHistoryDir() {
    return Path.of("target", "history-stores", SharedInfra.unique("store")).toAbsolutePath().toString();
  }

  static Future<String> deploy(Vertx vertx, SharedInfra infra) {
    return deploy(vertx, infra, chatConfig());
  }

  /** A request for {@code user} (null: none, as for register and login) answered with a JSON object. */
  static Future<JsonObject> ask(Vertx vertx, String address, String user, JsonObject body) {
    return request(vertx, address, user, body).map(reply -> (JsonObject) reply);
  }

  static Future<JsonArray> askList(Vertx vertx, String user) {
    return request(vertx, Addresses.ROOMS_LIST, user, new JsonObject()).map(reply -> (JsonArray) reply);
  }

  static Future<Object> request(Vertx vertx, String address, String user, JsonObject body) {
    DeliveryOptions options = new DeliveryOptions();
    if (user != null) {
      options.addHeader(Addresses.USER_HEADER, user);
    }
    return vertx.eventBus().request(address, body, options).map(Message::body);
  }

  /** Succeeds with the refusal, fails if the request was accepted. */
  static Future<ReplyException> refused(Future<?> request) {
    return request.transform(ar -> ar.failed() && ar.cause() instanceof ReplyException e
        ? Future.succeededFuture(e)
        : Future.failedFuture(new AssertionError("expected a refusal, got " + (ar.succeeded() ? ar.result() : ar.cause()))));
  }

  /**
   * Listens on {@code user}'s inbox as a bridge socket would, counted as connected so the service publishes to it. The
   * service hands its frames to the edge ({@link Addresses#EDGE_FANOUT}); as the edge would, one relay per Vert.x
   * instance passes each on to its recipients' inbox addresses.
   */
  static MessageConsumer<JsonObject> inbox(Vertx vertx, String user, Handler<Message<JsonObject>> handler) {
    LocalMap<String, Boolean> relays = vertx.sharedData().getLocalMap(FANOUT_RELAY);
    if (relays.putIfAbsent(FANOUT_RELAY, true) == null) {
      SharedFrames.register(vertx.eventBus());
      vertx.eventBus().<SharedFrames.Fanout>localConsumer(Addresses.EDGE_FANOUT, fanout -> fanout.body().users()
          .forEach(to -> vertx.eventBus().publish(Addresses.inbox(to), fanout.body().frame(), SharedFrames.OPTIONS)));
    }
    ConnectedUsers.of(vertx).opened(user);
    return vertx.eventBus().consumer(Addresses.inbox(user), handler);
  }

  static Future<String> registered(Vertx vertx, String username) {
    return ask(vertx, Addresses.ACCOUNT_REGISTER, null,
        new JsonObject().put("username", username).put("password", PASSWORD)).map(reply -> username);
  }

  /** A new room created by {@code creator}, which {@code others} join. */
  static Future<String> room(Vertx vertx, String creator, String... others) {
    return ask(vertx, Addresses.ROOMS_CREATE, creator, new JsonObject().put("name", SharedInfra.unique("room")))
        .compose(room -> Future.all(Arrays.stream(others)
                .map(user -> ask(vertx, Addresses.ROOMS_JOIN, user, roomId(room.getString("id"))))
                .toList())
            .map(v -> room.getString("id")));
  }

  /** Waits until {@code on} sees {@code user} as a member of {@code room}, which it learns from Kafka. */
  static Future<JsonObject> memberOn(Vertx on, String user, String room) {
    return eventually(on, () -> ask(on, Addresses.ROOMS_MEMBER_CHECK, user, roomId(room)), r -> true, 10_000);
  }

  static JsonObject roomId(String roomId) {
    return new JsonObject().put("roomId", roomId);
  }

  static JsonObject text(String roomId, String text, String clientMsgId) {
    return new JsonObject().put("roomId", roomId).put("text", text).put("clientMsgId", clientMsgId);
  }

  static Future<JsonObject> send(Vertx vertx, String user, String roomId, String text) {
    return ask(vertx, Addresses.CHAT_SEND, user, text(roomId, text, SharedInfra.unique("c")))
        .map(reply -> reply.getJsonObject("message"));
  }

  static Future<JsonArray> history(Vertx vertx, String user, JsonObject query) {
    return ask(vertx, Addresses.ROOMS_HISTORY, user, query).map(reply -> reply.getJsonArray("messages"));
  }

  /** {@link Eventually#until}, named as this harness's other helpers are. */
  static <T> Future<T> eventually(Vertx vertx, Supplier<Future<T>> attempt, Predicate<T> done, long timeoutMs) {
    return Eventually.until(vertx, attempt, done, timeoutMs);
  }
}
