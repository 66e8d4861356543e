package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.Frames;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who is online: a user is while any of their bridge sockets is open on any instance.
 *
 * <p>This instance knows its own sockets from the edge, and tells the others through {@link Topics#SIGNALS}: a
 * "presence" signal when a user's first socket here opens or last one closes, and a "heartbeat" with all its online
 * users every {@code heartbeatMs}. An instance silent for {@code expiryMs} is taken as gone, so a dead instance's
 * users go offline. A stopping instance says goodbye with an empty heartbeat. Both kinds are keyed by instance id
 * rather than username, so one instance's signals stay in one partition and are read in the order it wrote them.
 *
 * <p>When a user's online state changes, this instance sends {@code {type:"presence"}} frames to its members of
 * every room the user is in. Event-loop confined.
 */
final class Presence {

  private static final Logger LOG = LoggerFactory.getLogger(Presence.class);

  private static final class RemoteInstance {
    Set<String> users = new HashSet<>();
    long lastSeen;
  }

  private final String instanceId;
  private final Signals signals;
  private final Delivery delivery;
  private final RoomDirectory directory;
  private final QuietStatus quietStatus;
  private final long expiryMs;
  private final Map<String, Set<String>> localSockets = new HashMap<>();
  private final Map<String, RemoteInstance> remotes = new HashMap<>();

  Presence(String instanceId, Signals signals, Delivery delivery, RoomDirectory directory, QuietStatus quietStatus,
           long expiryMs) {
    this.instanceId = instanceId;
    this.quietStatus = quietStatus;
    this.signals = signals;
    this.delivery = delivery;
    this.directory = directory;
    this.expiryMs = expiryMs;
  }

  boolean isOnline(String username) {
    return localSockets.containsKey(username)
        || remotes.values().stream().anyMatch(remote -> remote.users.contains(username));
  }

  /** The users with a socket open on this instance. */
  Set<String> localUsers() {
    return localSockets.keySet();
  }

  void connected(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String user = body.getString("username");
    String socketId = body.getString("socketId");
    if (user == null || socketId == null) {
      return;
    }
    boolean wasOnline = isOnline(user);
    Set<String> sockets = localSockets.computeIfAbsent(user, u -> new HashSet<>());
    if (sockets.add(socketId) && sockets.size() == 1) {
      announce(user, true);
    }
    notifyIfChanged(user, wasOnline);
  }

  void disconnected(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String user = body.getString("username");
    Set<String> sockets = user == null ? null : localSockets.get(user);
    if (sockets == null || !sockets.remove(body.getString("socketId"))) {
      return;
    }
    if (sockets.isEmpty()) {
      localSockets.remove(user);
      announce(user, false);
      notifyIfChanged(user, true);
    }
  }

  /** A "presence" signal: one user's first socket opened or last one closed on another instance. */
  void onPresence(JsonObject signal, long timestamp, boolean live) {
    onRemote(signal, timestamp, remote -> {
      String user = signal.getString("username");
      boolean wasOnline = isOnline(user);
      if (signal.getBoolean("online", false)) {
        remote.users.add(user);
      } else {
        remote.users.remove(user);
      }
      notifyIfChanged(user, wasOnline);
    });
  }

  /** A "heartbeat": the whole list of another instance's online users. */
  void onHeartbeat(JsonObject signal, long timestamp, boolean live) {
    onRemote(signal, timestamp, remote -> {
      Set<String> users = new HashSet<>();
      signal.getJsonArray("users", new JsonArray()).forEach(u -> users.add((String) u));
      replaceUsers(remote, users);
    });
  }

  Future<Void> heartbeat() {
    return signals.publish(instanceId, heartbeatSignal(new JsonArray(localSockets.keySet().stream().toList())));
  }

  /** Tells the other instances at once that this one's users are gone from it. */
  Future<Void> goodbye() {
    return signals.publish(instanceId, heartbeatSignal(new JsonArray()));
  }

  void expireSilent(long now) {
    remotes.entrySet().removeIf(entry -> {
      if (entry.getValue().lastSeen >= now - expiryMs) {
        return false;
      }
      LOG.info("Instance {} sent no heartbeat for {} ms; its users are offline here", entry.getKey(), expiryMs);
      replaceUsers(entry.getValue(), Set.of());
      return true;
    });
  }

  private void onRemote(JsonObject signal, long timestamp, Consumer<RemoteInstance> change) {
    String from = signal.getString("instanceId");
    if (from == null || from.equals(instanceId)) {
      return;
    }
    RemoteInstance remote = remotes.computeIfAbsent(from, id -> new RemoteInstance());
    remote.lastSeen = Math.max(remote.lastSeen, timestamp);
    change.accept(remote);
  }

  private void replaceUsers(RemoteInstance remote, Set<String> users) {
    Set<String> affected = new HashSet<>(remote.users);
    affected.addAll(users);
    Map<String, Boolean> before = new HashMap<>();
    affected.forEach(user -> before.put(user, isOnline(user)));
    remote.users = users;
    before.forEach(this::notifyIfChanged);
  }

  private void announce(String user, boolean online) {
    signals.publish(instanceId, new JsonObject().put("type", "presence").put("instanceId", instanceId)
            .put("username", user).put("online", online))
        .onFailure(e -> LOG.warn("Could not announce {} {}: {}", user, online ? "online" : "offline", e.getMessage()));
  }

  private JsonObject heartbeatSignal(JsonArray users) {
    return new JsonObject().put("type", "heartbeat").put("instanceId", instanceId).put("users", users);
  }

  private void notifyIfChanged(String user, boolean wasOnline) {
    if (isOnline(user) != wasOnline) {
      tellRooms(user);
    }
  }

  /** Tells the user's rooms how the user stands now: online or not, quiet until when or not. */
  void tellRooms(String user) {
    boolean online = isOnline(user);
    Long until = quietStatus.quietUntil(user);
    directory.roomsOf(user).forEach(roomId -> delivery.toMembers(roomId, Frames.presence(roomId, user, online, until)));
  }
}
