package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Registration and login against the account registry materialized from {@link Topics#ACCOUNTS}.
 *
 * <p>Two instances may register the same name at once. The rule every instance applies is "the first record of a
 * username in partition order wins", so all agree on the winner. A registration answers only after this instance
 * applied its own record, and so knows whether it won; a loser re-writes the winner's record, because compaction
 * keeps the newest record per key and would otherwise keep the loser's.
 *
 * <p>Logging out writes the account again with {@code sessionsValidAfter}: every instance then refuses the user's
 * sessions issued until that instant (the edge hears of it through {@link Addresses#SESSIONS_REVOKED}), so a copied
 * cookie dies with the logout. Later records of the winning account (same hash) only ever move that instant forward.
 *
 * <p>A new password's hash is deliberately expensive, so at most {@code maxPendingSignups} registrations hash at
 * once on this instance and further ones are refused with 503 at once: a flood of sign-ups cannot queue up work
 * on the shared worker threads in front of the logins of people who already have an account.
 */
final class AccountService {

  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");
  private static final int MIN_PASSWORD_CHARS = 8;
  private static final String LOGIN_FAILED = "Wrong username or password";

  private record Account(String passwordHash, long createdAt, long sessionsValidAfter) {

    Account withSessionsValidAfter(long instant) {
      return new Account(passwordHash, createdAt, Math.max(sessionsValidAfter, instant));
    }
  }

  private final Map<String, Account> accounts = new HashMap<>();
  private final PasswordHasher hasher;
  private final EventLog log;
  private final EventBus bus;
  private final Clock clock;
  private final int maxPendingSignups;
  private int pendingSignups;

  AccountService(PasswordHasher hasher, EventLog log, EventBus bus, Clock clock, int maxPendingSignups) {
    this.hasher = hasher;
    this.log = log;
    this.bus = bus;
    this.clock = clock;
    this.maxPendingSignups = maxPendingSignups;
  }

  void apply(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      return;
    }
    JsonObject json = new JsonObject(record.value());
    String username = json.getString("username");
    Account account = new Account(json.getString("passwordHash"), json.getLong("createdAt", 0L),
        json.getLong("sessionsValidAfter", 0L));
    if (username == null || account.passwordHash() == null) {
      return;
    }
    Account known = accounts.putIfAbsent(username, account);
    if (known != null && known.passwordHash().equals(account.passwordHash())
        && account.sessionsValidAfter() > known.sessionsValidAfter()) {
      accounts.put(username, known.withSessionsValidAfter(account.sessionsValidAfter()));
      if (live) {
        bus.publish(Addresses.SESSIONS_REVOKED, new JsonObject().put("username", username)
            .put("validAfter", account.sessionsValidAfter()));
      }
    }
  }

  Future<JsonObject> register(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String username = body.getValue("username") instanceof String s ? s : "";
    String password = body.getValue("password") instanceof String s ? s : "";
    if (!USERNAME.matcher(username).matches()) {
      throw ServiceException.badRequest("Username must be 3-32 characters of a-z, 0-9, _ . -");
    }
    if (password.length() < MIN_PASSWORD_CHARS) {
      throw ServiceException.badRequest("Password must be at least " + MIN_PASSWORD_CHARS + " characters");
    }
    if (accounts.containsKey(username)) {
      return Future.failedFuture(taken());
    }
    if (pendingSignups >= maxPendingSignups) {
      LOG.warn("Refused a registration: {} sign-ups are already being hashed", pendingSignups);
      throw ServiceException.unavailable("Many people are signing up right now; please try again in a few seconds");
    }
    pendingSignups++;
    return hasher.hash(password)
        .eventually(() -> {
          pendingSignups--;
          return Future.succeededFuture();
        })
        .compose(hash -> log.append(Topics.ACCOUNTS, username, record(username, new Account(hash, clock.millis(), 0)))
            .compose(meta -> settle(username, hash)));
  }

  Future<JsonObject> login(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String username = body.getValue("username") instanceof String s ? s : "";
    String password = body.getValue("password") instanceof String s ? s : "";
    Account account = accounts.get(username);
    return hasher.verify(account == null ? null : account.passwordHash(), password)
        .compose(ok -> ok
            ? Future.succeededFuture(new JsonObject().put("username", username))
            : Future.failedFuture(new ServiceException(401, LOGIN_FAILED)));
  }

  /** Ends every session of the user issued until now, on every instance, once this instance applied it. */
  Future<JsonObject> logout(Message<?> msg) {
    String username = Requests.user(msg);
    Account account = accounts.get(username);
    if (account == null) {
      throw ServiceException.notFound("No such account");
    }
    Account revoked = account.withSessionsValidAfter(clock.millis());
    return log.append(Topics.ACCOUNTS, username, record(username, revoked)).map(meta -> {
      LOG.info("Ended the sessions of {}", username);
      return new JsonObject();
    });
  }

  /** For the edge starting up: the users whose older sessions are invalid, and since when. */
  Future<JsonObject> sessionsValidAfter(Message<?> msg) {
    JsonObject validAfter = new JsonObject();
    accounts.forEach((username, account) -> {
      if (account.sessionsValidAfter() > 0) {
        validAfter.put(username, account.sessionsValidAfter());
      }
    });
    return Future.succeededFuture(validAfter);
  }

  private Future<JsonObject> settle(String username, String myHash) {
    Account winner = accounts.get(username);
    if (winner != null && winner.passwordHash().equals(myHash)) {
      LOG.info("Registered account {}", username);
      return Future.succeededFuture(new JsonObject().put("username", username));
    }
    LOG.info("Lost a concurrent registration of {}; re-writing the winner's record", username);
    return log.send(Topics.ACCOUNTS, username, record(username, winner)).transform(v -> Future.failedFuture(taken()));
  }

  private static JsonObject record(String username, Account account) {
    JsonObject record = new JsonObject().put("username", username).put("passwordHash", account.passwordHash())
        .put("createdAt", account.createdAt());
    return account.sessionsValidAfter() > 0 ? record.put("sessionsValidAfter", account.sessionsValidAfter()) : record;
  }

  private static ServiceException taken() {
    return new ServiceException(409, "That username is taken");
  }
}
