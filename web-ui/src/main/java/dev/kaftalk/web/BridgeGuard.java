package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.ConnectedUsers;
import dev.kaftalk.model.SharedFrames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The bridge's rules, applied to every event of every socket:
 * <ul>
 *   <li>a socket opens only with the session verified on its handshake, and keeps that user for its lifetime;</li>
 *   <li>inbound, only the requests of {@link #REQUESTS} (request/reply: send, edit, delete, react), the guard's own
 *   {@link Addresses#BRIDGE_SYNC} and {@code server.chat.typing}, with the client's headers replaced by the socket's
 *   user;</li>
 *   <li>every request is answered on its own reply address, with the service's reply or fail, or at once with a 429
 *   when the socket already has {@code bridgeMaxPendingSends} waiting. The bridge itself counts awaited replies
 *   against its handler cap and, once that is reached, answers with an error naming no send at all; so sends are
 *   re-addressed to this guard's own relay ({@link Addresses#bridgeSendRelay}: each edge instance has its own, as it
 *   has its own sockets), which the bridge forwards without awaiting anything, and the guard makes the request and
 *   writes the answer;</li>
 *   <li>outbound, only the socket user's own inbox, once per socket; opening and closing it is the user's
 *   presence on this instance. The chat service's frames arrive once per frame with their recipients
 *   ({@link Addresses#EDGE_FANOUT}) and are written here to each socket whose inbox is open, the body encoded once
 *   for all; other publishers' inbox frames (quiet-hours batches) come through the bridge; the guard writes every
 *   frame itself ({@link SocketWire}), so that all of a socket's frames keep one order;</li>
 *   <li>a socket that cannot keep up with its frames is closed, so a slow browser never holds unbounded memory;
 *   the client reconnects and catches up with {@code after=}. Quiet-hours batches are the exception: they are
 *   finite, and are sent part by part at the reader's pace.</li>
 * </ul>
 */
final class BridgeGuard implements Handler<BridgeEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);

  private static final String SOCKET_ID_HEADER = "socket-id";
  private static final String REPLY_ADDRESS_HEADER = "reply-address";
  private static final String TARGET_HEADER = "target-address";
  /** The chat service's request/reply addresses a socket may send to; each counts against its pending sends. */
  private static final Set<String> REQUESTS = Set.of(Addresses.CHAT_SEND, Addresses.CHAT_EDIT,
      Addresses.CHAT_DELETE, Addresses.CHAT_REACT);
  /** Every request/reply address a socket may send to; all are answered through the relay. */
  private static final Set<String> RELAYED = Stream.concat(REQUESTS.stream(), Stream.of(Addresses.BRIDGE_SYNC))
      .collect(Collectors.toUnmodifiableSet());
  /** The reply addresses of vertx-eventbus.js are UUIDs; the bridge refuses longer ones the same way. */
  private static final int MAX_REPLY_ADDRESS_LENGTH = 36;

  private final EventBus bus;
  private final ConnectedUsers connected;
  private final SessionCookies cookies;
  private final long maxQueuedBytes;
  private final int maxPendingSends;
  private final long replyTimeoutMs;
  private final String relayAddress = Addresses.bridgeSendRelay(UUID.randomUUID().toString());
  private final Map<SockJSSocket, Socket> sockets = new ConcurrentHashMap<>();
  private final Map<String, Socket> socketsById = new ConcurrentHashMap<>();
  /** Per user, the sockets whose inbox is open here; each list is replaced, never changed, so any reader sees one. */
  private final Map<String, List<Socket>> inboxes = new ConcurrentHashMap<>();
  private final AtomicInteger openSockets;
  private final FrameEncoder encoder;
  private final Counter slowSocketsClosed;
  private final Counter sendsOverPendingLimit;

  BridgeGuard(EventBus bus, ConnectedUsers connected, SessionCookies cookies, WebSettings web, MeterRegistry meters,
              EdgeShared shared) {
    this.bus = bus;
    this.connected = connected;
    this.cookies = cookies;
    this.maxQueuedBytes = web.bridgeMaxQueuedBytes();
    this.maxPendingSends = web.bridgeMaxPendingSends();
    this.replyTimeoutMs = web.bridgeReplyTimeoutMs();
    this.openSockets = shared.openSockets;
    this.encoder = shared.encoder;
    this.slowSocketsClosed = Counter.builder("kaftalk.bridge.slow.closed")
        .description("Bridge sockets closed because they could not keep up with their frames").register(meters);
    // Same meter as the chat service's count of sends, which sees only those the edge lets through.
    this.sendsOverPendingLimit = meters.counter("kaftalk.sends", "outcome", "refused", "reason", "pending");
  }

  /**
   * Starts the relay that answers every send (local, because a socket lives on the instance that relays for it) and
   * the consumer of the chat service's frames.
   */
  Future<Void> listen() {
    SharedFrames.register(bus);
    return Future.all(bus.localConsumer(relayAddress, this::relay).completion(),
        bus.<SharedFrames.Fanout>localConsumer(Addresses.EDGE_FANOUT, fanout -> fanOut(fanout.body())).completion())
        .mapEmpty();
  }

  /** The address this guard re-addresses its sockets' requests to; the bridge must permit it inbound. */
  String relayAddress() {
    return relayAddress;
  }

  @Override
  public void handle(BridgeEvent event) {
    if (event.type() == BridgeEventType.SOCKET_CREATED) {
      opened(event);
      return;
    }
    Socket socket = sockets.get(event.socket());
    if (socket == null) {
      reject(event, null, "socket without a session");
      return;
    }
    switch (event.type()) {
      case SEND, PUBLISH -> inbound(event, socket);
      case REGISTER -> register(event, socket);
      case REGISTERED -> registered(event, socket);
      case UNREGISTER -> unregister(event, socket);
      case RECEIVE -> receive(event, socket);
      case SOCKET_CLOSED -> closed(event, socket);
      default -> event.complete(true);
    }
  }

  /**
   * SockJS hides the Cookie header from {@code socket.headers()}, so the session comes from the handshake's
   * routing context, where {@link RequireSession} verified it before the socket existed.
   */
  private void opened(BridgeEvent event) {
    RoutingContext handshake = event.socket().routingContext();
    SessionToken session = handshake == null ? null : RequireSession.session(handshake);
    if (session == null) {
      reject(event, null, "no session on the handshake");
      return;
    }
    SocketWire wire = event.socket() instanceof ScreenedSocket screened ? screened.wire()
        : new SockJSWire(event.socket());
    Socket socket = new Socket(session, UUID.randomUUID().toString(), event.socket(), wire);
    sockets.put(event.socket(), socket);
    socketsById.put(socket.id, socket);
    openSockets.incrementAndGet();
    LOG.debug("bridge socket {} opened for {}", socket.id, socket.user());
    event.complete(true);
  }

  private void inbound(BridgeEvent event, Socket socket) {
    JsonObject raw = event.getRawMessage();
    String address = raw.getString("address");
    boolean permitted = RELAYED.contains(address)
        ? event.type() == BridgeEventType.SEND
        : Addresses.CHAT_TYPING.equals(address);
    if (!permitted) {
      reject(event, socket, "address not permitted");
    } else if (sessionEnded(event, socket)) {
      reject(event, socket, "session expired");
    } else if (!validReplyAddress(raw.getValue("replyAddress"))) {
      reject(event, socket, "reply address is not a string of at most " + MAX_REPLY_ADDRESS_LENGTH + " characters");
    } else {
      JsonObject headers = new JsonObject().put(Addresses.USER_HEADER, socket.user());
      Object replyAddress = raw.remove("replyAddress");
      if (RELAYED.contains(address)) {
        raw.put("address", relayAddress);
        headers.put(SOCKET_ID_HEADER, socket.id);
        headers.put(TARGET_HEADER, address);
        if (replyAddress != null) {
          headers.put(REPLY_ADDRESS_HEADER, replyAddress);
        }
      }
      // Typing is one-way: a reply address there would only hold one of the bridge's handlers until it times out.
      raw.put("headers", headers);
      event.complete(true);
    }
  }

  private static boolean validReplyAddress(Object replyAddress) {
    return replyAddress == null
        || replyAddress instanceof String s && !s.isEmpty() && s.length() <= MAX_REPLY_ADDRESS_LENGTH;
  }

  /**
   * A request of a socket, as re-addressed by {@link #inbound}: a sync is answered here, the others by the chat service,
   * and the socket gets the answer.
   */
  private void relay(Message<Object> forwarded) {
    Socket socket = socketsById.get(forwarded.headers().get(SOCKET_ID_HEADER));
    String target = forwarded.headers().get(TARGET_HEADER);
    if (socket == null || !RELAYED.contains(target)) {
      return;
    }
    String replyAddress = forwarded.headers().get(REPLY_ADDRESS_HEADER);
    if (Addresses.BRIDGE_SYNC.equals(target)) {
      synced(socket, replyAddress);
      return;
    }
    if (socket.pendingSends >= maxPendingSends) {
      sendsOverPendingLimit.increment();
      answer(socket, replyAddress, Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 429,
          "Too many messages are waiting for an answer; wait a moment and send again")));
      return;
    }
    socket.pendingSends++;
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(replyTimeoutMs)
        .addHeader(Addresses.USER_HEADER, socket.user());
    bus.request(target, forwarded.body(), options).onComplete(reply -> {
      socket.pendingSends--;
      answer(socket, replyAddress, reply);
    });
  }

  /**
   * The bridge hands the guard a socket's frames one by one in the order they were sent, and a registration takes
   * effect as the guard accepts its frame ({@link #claimInbox}); so when a sync is answered, every register frame sent
   * before it has been applied, and the chat service already pushes to the inbox whatever it applies from then on.
   */
  private void synced(Socket socket, String replyAddress) {
    if (replyAddress != null) {
      write(socket, new FrameText(new JsonObject().put("type", "rec").put("address", replyAddress)
          .put("body", new JsonObject().put("inbox", socket.inboxClaimed)).encode()));
    }
  }

  /** The frames the bridge writes for a reply ({@code rec}) or a failure ({@code err}), on the send's address. */
  private void answer(Socket socket, String replyAddress, AsyncResult<Message<Object>> reply) {
    if (replyAddress == null) {
      return;
    }
    JsonObject frame = new JsonObject().put("address", replyAddress);
    if (reply.succeeded()) {
      frame.put("type", "rec").put("body", reply.result().body());
    } else {
      ReplyException failure = reply.cause() instanceof ReplyException e ? e
          : new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "Something went wrong; try again");
      frame.put("type", "err").put("failureCode", failure.failureCode())
          .put("failureType", failure.failureType().name()).put("message", failure.getMessage());
    }
    write(socket, new FrameText(frame.encode()));
  }

  private void register(BridgeEvent event, Socket socket) {
    if (!socket.inbox().equals(event.getRawMessage().getString("address"))) {
      reject(event, socket, "not the socket user's inbox");
    } else if (socket.inboxClaimed) {
      reject(event, socket, "inbox already registered on this socket");
    } else if (sessionEnded(event, socket)) {
      reject(event, socket, "session expired");
    } else {
      claimInbox(socket, true);
      event.complete(true);
    }
  }

  /**
   * Counted in {@link ConnectedUsers} from the moment the registration is accepted, so that the chat service already
   * publishes what the new consumer may receive, until the socket lets go of its inbox or closes.
   */
  private void claimInbox(Socket socket, boolean claimed) {
    if (socket.inboxClaimed == claimed) {
      return;
    }
    socket.inboxClaimed = claimed;
    if (claimed) {
      inboxes.merge(socket.user(), List.of(socket), (open, added) -> Stream.concat(open.stream(), added.stream())
          .toList());
      connected.opened(socket.user());
    } else {
      inboxes.computeIfPresent(socket.user(), (user, open) -> {
        List<Socket> left = open.stream().filter(other -> other != socket).toList();
        return left.isEmpty() ? null : left;
      });
      connected.closed(socket.user());
    }
  }

  /**
   * One of the chat service's frames, to every open inbox of its recipients here, in the order they were published:
   * the body encoded once, each socket's envelope start kept by the socket.
   */
  private void fanOut(SharedFrames.Fanout fanout) {
    FrameText body = encoder.body(fanout.frame());
    for (String user : fanout.users()) {
      List<Socket> open = inboxes.get(user);
      if (open != null) {
        open.forEach(socket -> write(socket, socket.inboxHead, body, FrameEncoder.END));
      }
    }
  }

  /** Presence is announced once the consumer exists, so frames the service sends in answer reach the socket. */
  private void registered(BridgeEvent event, Socket socket) {
    if (socket.inbox().equals(event.getRawMessage().getString("address"))) {
      socket.online = true;
      bus.send(Addresses.PRESENCE_CONNECTED, socket.presence());
    }
    event.complete(true);
  }

  private void unregister(BridgeEvent event, Socket socket) {
    if (!socket.inbox().equals(event.getRawMessage().getString("address"))) {
      reject(event, socket, "not the socket user's inbox");
      return;
    }
    claimInbox(socket, false);
    goOffline(socket);
    event.complete(true);
  }

  /** The frame is written here, within the socket's budget for unsent bytes, as the chat service's frames are. */
  private void receive(BridgeEvent event, Socket socket) {
    JsonObject raw = event.getRawMessage();
    FrameText[] frame = encoder.parts(raw);
    event.complete(false);
    if (raw.getValue("body") instanceof JsonObject body && "batch".equals(body.getString("type"))) {
      socket.batchParts.add(frame);
      writeBatchParts(socket);
    } else {
      write(socket, frame);
    }
  }

  /**
   * A quiet-hours batch can be far larger than a socket's budget for unsent bytes, and a reader that is merely slow
   * must still get it: its parts go out one at a time, each once the one before is sent, outside that budget. They
   * wait here meanwhile, so a socket holds at most its own batch.
   */
  private void writeBatchParts(Socket socket) {
    if (socket.dropped || socket.batchPartInFlight || socket.batchParts.isEmpty()) {
      return;
    }
    socket.batchPartInFlight = true;
    socket.wire.writeAtPace(socket.batchParts.poll()).onComplete(sent -> {
      socket.batchPartInFlight = false;
      writeBatchParts(socket);
    });
  }

  private void write(Socket socket, FrameText... frame) {
    if (socket.dropped) {
      return;
    }
    if (!socket.wire.write(maxQueuedBytes, frame)) {
      LOG.debug("bridge socket {} of {} too slow: over {} bytes unsent; closing it", socket.id, socket.user(),
          maxQueuedBytes);
      // The close handshake can wait long behind the unsent bytes; the socket gets nothing more from now on.
      socket.dropped = true;
      slowSocketsClosed.increment();
      goOffline(socket);
      socket.sock.close();
      return;
    }
  }

  private void closed(BridgeEvent event, Socket socket) {
    sockets.remove(event.socket());
    socketsById.remove(socket.id);
    openSockets.decrementAndGet();
    claimInbox(socket, false);
    goOffline(socket);
    LOG.debug("bridge socket {} of {} closed", socket.id, socket.user());
    event.complete(true);
  }

  private void goOffline(Socket socket) {
    if (socket.online) {
      socket.online = false;
      bus.send(Addresses.PRESENCE_DISCONNECTED, socket.presence());
    }
  }

  /** A logout ends the user's sessions everywhere; their open sockets close at once, the browser signs in again. */
  void closeSessionsOf(String username, long validAfter) {
    socketsById.values().stream()
        .filter(s -> s.user().equals(username) && s.session.issuedAt().toEpochMilli() <= validAfter)
        .forEach(s -> {
          LOG.info("Closing bridge socket {} of {}: the session was ended", s.id, username);
          s.dropped = true;
          goOffline(s);
          s.sock.close();
        });
  }

  /** A socket outlives neither its session's expiry nor a logout: the browser must sign in again and reconnect. */
  private boolean sessionEnded(BridgeEvent event, Socket socket) {
    if (cookies.ended(socket.session)) {
      event.socket().close();
      return true;
    }
    return false;
  }

  private static void reject(BridgeEvent event, Socket socket, String reason) {
    if (LOG.isDebugEnabled()) {
      JsonObject raw = event.getRawMessage();
      LOG.debug("bridge rejected {} {} on socket {} of {}: {}", event.type(), raw == null ? "" : raw.getString("address"),
          socket == null ? "-" : socket.id, socket == null ? "anonymous" : socket.user(), reason);
    }
    event.complete(false);
  }

  /** What the guard knows about one socket. Touched only on that socket's event loop. */
  private static final class Socket {
    private final SessionToken session;
    private final String id;
    private final SockJSSocket sock;
    private final SocketWire wire;
    /** The start of every frame to the user's inbox, encoded once for the socket's life. */
    private final FrameText inboxHead;
    private boolean inboxClaimed;
    private boolean online;
    private boolean dropped;
    private int pendingSends;
    private final Deque<FrameText[]> batchParts = new ArrayDeque<>();
    private boolean batchPartInFlight;

    private Socket(SessionToken session, String id, SockJSSocket sock, SocketWire wire) {
      this.session = session;
      this.id = id;
      this.sock = sock;
      this.wire = wire;
      this.inboxHead = FrameEncoder.head("rec", Addresses.inbox(session.username()));
    }

    private String user() {
      return session.username();
    }

    private String inbox() {
      return Addresses.inbox(session.username());
    }

    private JsonObject presence() {
      return new JsonObject().put("username", user()).put("socketId", id);
    }
  }
}
