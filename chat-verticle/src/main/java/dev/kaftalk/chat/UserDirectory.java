package dev.kaftalk.chat;

import dev.kaftalk.model.Frames;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds users by the start of their name, for autocompletes, with what a colleague may know of them: whether they are
 * online and until when they are quiet. Never their quiet-hours schedule itself. Asked for a room's members only (the
 * @ autocomplete: only a member can be mentioned), it answers a member of that room. Event-loop confined.
 */
final class UserDirectory {

  static final int MAX_RESULTS = 20;

  private final AccountService accounts;
  private final Presence presence;
  private final QuietStatus quietStatus;
  private final Membership membership;
  private final RoomDirectory directory;

  UserDirectory(AccountService accounts, Presence presence, QuietStatus quietStatus, Membership membership,
                RoomDirectory directory) {
    this.accounts = accounts;
    this.membership = membership;
    this.directory = directory;
    this.presence = presence;
    this.quietStatus = quietStatus;
  }

  Future<JsonArray> find(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    Object q = body.getValue("q");
    if (q != null && !(q instanceof String)) {
      throw ServiceException.badRequest("q must be text");
    }
    String prefix = q == null ? "" : ((String) q).toLowerCase(Locale.ROOT);
    if (!AccountService.isUsernamePrefix(prefix)) {
      throw ServiceException.badRequest("q is the start of a username: at most 32 characters of a-z, 0-9, _ . -");
    }
    Object room = body.getValue("room");
    if (room != null && !(room instanceof String)) {
      throw ServiceException.badRequest("room must be a room id");
    }
    Future<Stream<String>> names = room == null
        ? Future.succeededFuture(accounts.usernamesStartingWith(prefix, MAX_RESULTS).stream())
        : membership.requireMember((String) room, user).map(inRoom -> directory.members(inRoom.id()).stream()
            .filter(member -> member.startsWith(prefix)).sorted().limit(MAX_RESULTS));
    return names.map(found -> {
      JsonArray users = new JsonArray();
      found.forEach(username -> users.add(new JsonObject()
          .put("username", username)
          .put("quiet", Frames.quiet(quietStatus.quietUntil(username)))
          .put("online", presence.isOnline(username))));
      return users;
    });
  }
}
