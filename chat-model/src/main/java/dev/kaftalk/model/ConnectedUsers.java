package dev.kaftalk.model;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * The users with a bridge socket whose inbox is open on this Vert.x instance, counted per socket: the edge
 * instances add a user when they accept a socket's inbox registration and remove it when that socket lets go of it,
 * and the chat service publishes inbox frames only to users counted here. A shared local map rather than
 * messages to the chat service: the edge's change is visible to the chat service's next publish at once, before
 * the socket's event-bus consumer even exists, so a socket can never miss a frame for having registered while it was
 * in flight (the bridge then delivers it as it did before), and reading it costs one concurrent-map lookup.
 */
public final class ConnectedUsers {

  /** The shared local map holding, per username, its open inboxes on this instance. */
  public static final String MAP = "kaftalk.connected-users";

  private final LocalMap<String, Integer> inboxes;

  private ConnectedUsers(LocalMap<String, Integer> inboxes) {
    this.inboxes = inboxes;
  }

  /** The view of {@code vertx}; every verticle of one Vert.x instance sees the same counts. */
  public static ConnectedUsers of(Vertx vertx) {
    return new ConnectedUsers(vertx.sharedData().getLocalMap(MAP));
  }

  /** One more socket of {@code user} has its inbox open here. */
  public void opened(String user) {
    inboxes.merge(user, 1, Integer::sum);
  }

  /** One socket of {@code user} closed its inbox here. */
  public void closed(String user) {
    inboxes.computeIfPresent(user, (u, open) -> open <= 1 ? null : open - 1);
  }

  /** Whether {@code user} has an inbox open here; safe from any thread. */
  public boolean contains(String user) {
    return inboxes.containsKey(user);
  }
}
