package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.ConnectedUsers;
import dev.kaftalk.model.Frames;
import dev.kaftalk.model.Health;
import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The chat service: accounts, rooms, sending, fan-out, history and presence. This class only wires the parts
 * together; it starts answering once the state topics are replayed, so a started instance has complete state.
 */
public final class ChatVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChatVerticle.class);
  private static final long PROBE_TIMEOUT_MS = 3_000;
  /** How often a record Kafka refused for want of metadata or buffer room is offered again. */
  private static final long PRODUCER_RETRY_MS = 5;

  private final Clock clock;
  private final MeterRegistry meters;
  private KafkaAdminClient admin;
  private EventLog log;
  private StateLog stateLog;
  private HistoryWriter historyWriter;
  private WorkerExecutor historyReaders;
  private HistoryStore history;
  private HistoryFeed historyFeed;
  private Signals signals;
  private Presence presence;
  private final List<Long> timers = new ArrayList<>();

  public ChatVerticle() {
    this(Clock.systemUTC(), new SimpleMeterRegistry());
  }

  /**
   * @param clock decides whether a user is quiet for typing and change signals, stamps messages (their {@code ts})
   *              and changes, and judges the edit window; tests pass one they control
   * @param meters where the service's own meters go (the instance's registry, scraped at {@code /metrics})
   */
  public ChatVerticle(Clock clock, MeterRegistry meters) {
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    ChatSettings settings = ChatSettings.fromJson(config().getJsonObject("chat"));
    String instanceId = config().getString("instanceId");
    historyWriter = new HistoryWriter(vertx, "chat-history-write-" + instanceId);
    historyReaders = vertx.createSharedWorkerExecutor("chat-history-read-" + instanceId, 2);
    return historyWriter.run(() -> HistoryStore.open(Path.of(settings.historyDir())))
        .compose(store -> {
          history = store;
          return startServices(instanceId, settings);
        });
  }

  private Future<?> startServices(String instanceId, ChatSettings settings) {
    KafkaSettings kafka = KafkaSettings.fromJson(config().getJsonObject("kafka"));
    admin = KafkaAdminClient.create(vertx, kafka.admin("chat-health-" + instanceId));
    AppliedOffsets applied = new AppliedOffsets();
    // A record Kafka cannot take within half the time a write may take is given up before its caller's answer.
    log = new EventLog(new LoopProducer(vertx, LoopProducer.settings(kafka.producer("chat-" + instanceId)),
        settings.applyTimeoutMs() / 2, PRODUCER_RETRY_MS), applied, settings.applyTimeoutMs());
    RoomDirectory directory = new RoomDirectory();
    QuietGate quietGate = new QuietGate();
    NotificationLevels notificationLevels = new NotificationLevels();
    MemberAttention attention = new MemberAttention(directory, quietGate, notificationLevels);
    UrgentLedger urgentLedger = new UrgentLedger();
    Delivery delivery = new Delivery(vertx.eventBus(), directory, quietGate, attention, clock,
        ConnectedUsers.of(vertx));
    UnrefreshedMessages unrefreshed = new UnrefreshedMessages();
    Timeline timeline = new Timeline(history, historyReaders, unrefreshed);
    historyFeed = new HistoryFeed(vertx, kafka, "chat-history-" + instanceId, history, historyWriter, applied,
        new LiveTimeline(delivery, urgentLedger), unrefreshed);
    QuietQueries quietQueries = new QuietQueries(directory, timeline, attention, urgentLedger, historyFeed::visible);
    AccountService accounts = new AccountService(new PasswordHasher(vertx, settings.passwordIterations()), log,
        // Session instants are compared with the edge's, which are wall-clock time.
        vertx.eventBus(), Clock.systemUTC(), settings.maxPendingSignups());
    ReadPositions readPositions = new ReadPositions(delivery);
    notificationLevels.onLiveChange(setting -> delivery.toUsers(List.of(setting.username()),
        Frames.notifications(setting.roomId(), setting.toJson())));
    stateLog = new StateLog(vertx, kafka, "chat-state-" + instanceId, Map.of(
        Topics.ACCOUNTS.name(), accounts::apply,
        Topics.ROOMS.name(), directory::applyRoom,
        Topics.MEMBERSHIPS.name(), directory::applyMembership,
        Topics.QUIET_HOURS.name(), quietGate::apply,
        Topics.READ_POSITIONS.name(), readPositions::apply,
        Topics.NOTIFICATION_LEVELS.name(), notificationLevels::apply), applied);
    Membership membership = new Membership(directory, stateLog, settings.applyTimeoutMs());
    signals = new Signals(vertx, kafka, "chat-signals-" + instanceId, log, settings.presenceExpiryMs());
    QuietStatus quietStatus = new QuietStatus(quietGate, clock);
    presence = new Presence(instanceId, signals, delivery, directory, quietStatus, settings.presenceExpiryMs());
    quietStatus.onChange(presence::tellRooms);
    quietGate.onLiveChange(quietStatus::settingsChanged);
    // Every signed-in user's room list shows a new room, and the member counts of the others, as they change; a
    // hidden room's only reach its members.
    directory.onLiveChange(room -> {
      JsonObject frame = Frames.directory(room, directory.members(room.id()).size());
      if (room.hidden()) {
        delivery.toMembers(room.id(), frame);
      } else {
        delivery.toUsers(presence.localUsers(), frame);
      }
    });
    TypingRelay typing = new TypingRelay(instanceId, signals, delivery, directory, settings.typingThrottleMs());
    RateLimiter rateLimiter = new RateLimiter(settings.messagesPerSecond(), settings.messageBurst());
    RateLimiter searchLimiter = new RateLimiter(settings.search().perSecond(), settings.search().burst());
    SendMetrics sendMetrics = new SendMetrics(meters);
    Mentions mentions = new Mentions(directory, settings.roomMentionMax());
    QuietCallees callees = new QuietCallees(directory, quietGate, attention, urgentLedger);
    RateLimiter urgentLimiter = RateLimiter.perMinute(settings.urgentPerMinute());
    RoomService rooms = new RoomService(directory, membership, accounts, presence, quietStatus, log, mentions,
        settings.maxRoomNameChars());
    DirectMessages dms = new DirectMessages(directory, membership, rooms);
    SendHandler send = new SendHandler(new RoomDoor(membership, timeline, rateLimiter, log, sendMetrics,
        historyFeed::visible, mentions, dms::reopen, clock), callees,
        new UrgentRequests(membership, timeline, callees, urgentLimiter, log, clock), clock, settings.maxTextChars());
    HistoryHandler historyHandler = new HistoryHandler(membership, timeline, historyFeed::visible,
        settings.historyDefaultLimit(), settings.historyMaxLimit());
    ReadRequests reads = new ReadRequests(readPositions, membership, timeline, historyFeed::visible, log, clock);
    NotificationRequests notifications = new NotificationRequests(membership, log, clock);
    MessageChanges changes = new MessageChanges(membership, timeline, historyFeed::visible, log, rateLimiter,
        vertx.eventBus(), clock, settings.maxTextChars(), settings.editWindowMs(), mentions);
    MessageSearch search = new MessageSearch(directory, timeline, searchLimiter, settings.search());
    RecentMentions recentMentions = new RecentMentions(directory, timeline, historyFeed::visible,
        settings.historyDefaultLimit(), settings.historyMaxLimit());
    UserDirectory users = new UserDirectory(accounts, presence, quietStatus, membership, directory);

    // Rooms and members first, so that the first live message already reaches every member.
    return stateLog.start()
        .onSuccess(v -> quietStatus.checkAll())
        .compose(v -> historyFeed.start())
        // The ledger matters only to answers, none of which is registered before both are done.
        .compose(v -> Future.all(
            timeline.urgentSince(UrgentLedger.keptFrom(clock.millis())).map(kept -> {
              kept.forEach(urgentLedger::apply);
              return null;
            }),
            signals.start(Map.of(
                "presence", presence::onPresence,
                "heartbeat", presence::onHeartbeat,
                "typing", typing::onTyping))))
        .compose(v -> Future.all(List.of(
            answer(Addresses.CHAT_HEALTH, msg -> probe().map(Health::toJson)),
            answer(Addresses.ACCOUNT_REGISTER, accounts::register),
            answer(Addresses.ACCOUNT_LOGIN, accounts::login),
            answer(Addresses.ACCOUNT_LOGOUT, accounts::logout),
            answer(Addresses.ACCOUNT_PASSWORD, accounts::changePassword),
            answer(Addresses.SESSIONS_VALID_AFTER, accounts::sessionsValidAfter),
            answer(Addresses.ROOMS_LIST, msg -> rooms.list(msg)
                .compose(list -> reads.withUnread(Requests.user(msg), list))
                .map(list -> notificationLevels.annotate(Requests.user(msg), list))),
            answer(Addresses.ROOMS_READ, reads::read),
            answer(Addresses.ROOMS_NOTIFICATIONS, notifications::put),
            answer(Addresses.ROOMS_CREATE, rooms::create),
            answer(Addresses.ROOMS_JOIN, rooms::join),
            answer(Addresses.ROOMS_LEAVE, rooms::leave),
            answer(Addresses.ROOMS_INVITE, rooms::invite),
            answer(Addresses.DMS_START, dms::start),
            answer(Addresses.ROOMS_MEMBER_CHECK, rooms::memberCheck),
            answer(Addresses.ROOMS_HISTORY, historyHandler::history),
            answer(Addresses.ROOMS_MEDIA, historyHandler::media),
            answer(Addresses.CHAT_SEARCH, search::search),
            answer(Addresses.CHAT_MENTIONS, recentMentions::list),
            answer(Addresses.USERS_FIND, users::find),
            answer(Addresses.CHAT_SEND, sendMetrics.counted(send::send)),
            answer(Addresses.CHAT_EDIT, changes::edit),
            answer(Addresses.CHAT_DELETE, changes::delete),
            answer(Addresses.CHAT_REACT, changes::react),
            answer(Addresses.CHAT_MESSAGES_FETCH, quietQueries::fetch),
            answer(Addresses.CHAT_QUIET_BACKLOG, quietQueries::backlog),
            answer(Addresses.MESSAGES_POST, sendMetrics.counted(send::postMedia)),
            listen(Addresses.CHAT_TYPING, typing::typing),
            listen(Addresses.PRESENCE_CONNECTED, presence::connected),
            listen(Addresses.PRESENCE_DISCONNECTED, presence::disconnected))))
        .compose(v -> presence.heartbeat())
        .onSuccess(v -> {
          timers.add(vertx.setPeriodic(settings.presenceHeartbeatMs(), id -> {
            long now = System.currentTimeMillis();
            presence.heartbeat().onFailure(e -> LOG.warn("Presence heartbeat failed: {}", e.getMessage()));
            presence.expireSilent(now);
            typing.forgetOld(now);
            rateLimiter.forgetIdle(now);
            searchLimiter.forgetIdle(now);
            urgentLimiter.forgetIdle(now);
            urgentLedger.forgetOld(now);
          }));
          timers.add(vertx.setPeriodic(QuietStatus.TICK_MS, id -> quietStatus.tick()));
          timers.add(vertx.setPeriodic(settings.historyCommitMs(), id -> historyFeed.commit()
              .onFailure(e -> LOG.error("History store could not commit: {}", e.toString()))));
          timers.add(vertx.setPeriodic(0, settings.historyRetentionCheckMs(), id -> historyFeed.dropExpired()
              .onFailure(e -> LOG.warn("History store could not drop expired messages: {}", e.toString()))));
          LOG.info("Chat service {} ready on {}", instanceId, Thread.currentThread().getName());
        });
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    Future<Void> farewell = presence == null ? Future.succeededFuture()
        : presence.goodbye().recover(e -> Future.succeededFuture());
    return farewell
        .eventually(() -> Future.join(List.of(stateLog.close(), signals.close(), log.close(), admin.close(),
            historyFeed.close())))
        .eventually(() -> historyWriter.run(() -> {
          history.close();
          return null;
        }))
        .eventually(() -> Future.join(historyWriter.close(), historyReaders.close()));
  }

  private <T> Future<Void> answer(String address, Function<Message<?>, Future<T>> handler) {
    return vertx.eventBus().consumer(address, msg -> Requests.answer(msg, handler)).completion();
  }

  private Future<Void> listen(String address, Handler<Message<Object>> handler) {
    return vertx.eventBus().consumer(address, handler).completion();
  }

  /** Kafka reachable and the history store applying what it reads. */
  private Future<Health> probe() {
    Throwable failed = history.failure();
    return failed != null ? Future.succeededFuture(Health.down("history", "History store stopped: " + failed))
        : probeKafka();
  }

  private Future<Health> probeKafka() {
    return admin.describeCluster()
        .timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(cluster -> Health.up("kafka", cluster.getNodes().size() + " broker(s)"))
        .otherwise(e -> Health.down("kafka", "Kafka unreachable: " + e.getMessage()));
  }
}
