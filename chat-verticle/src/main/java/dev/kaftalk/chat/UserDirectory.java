package dev.kaftalk.chat;

import dev.kaftalk.model.Frames;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * Finds users by the start of their name, for autocompletes, with what a colleague may know of them: whether they are
 * online and until when they are quiet. Never their quiet-hours schedule itself. Event-loop confined.
 */
final class UserDirectory {

  static final int MAX_RESULTS = 20;

  private final AccountService accounts;
  private final Presence presence;
  private final QuietStatus quietStatus;

  UserDirectory(AccountService accounts, Presence presence, QuietStatus quietStatus) {
    this.accounts = accounts;
    this.presence = presence;
    this.quietStatus = quietStatus;
  }

  Future<JsonArray> find(Message<?> msg) {
    Requests.user(msg);
    Object q = Requests.body(msg).getValue("q");
    if (q != null && !(q instanceof String)) {
      throw ServiceException.badRequest("q must be text");
    }
    String prefix = q == null ? "" : ((String) q).toLowerCase(Locale.ROOT);
    if (!AccountService.isUsernamePrefix(prefix)) {
      throw ServiceException.badRequest("q is the start of a username: at most 32 characters of a-z, 0-9, _ . -");
    }
    JsonArray users = new JsonArray();
    accounts.usernamesStartingWith(prefix, MAX_RESULTS).forEach(username -> users.add(new JsonObject()
        .put("username", username)
        .put("quiet", Frames.quiet(quietStatus.quietUntil(username)))
        .put("online", presence.isOnline(username))));
    return Future.succeededFuture(users);
  }
}
