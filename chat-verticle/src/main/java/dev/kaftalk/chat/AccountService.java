package dev.kaftalk.chat;

import dev.kaftalk.model.AccountRecord;
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
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Supplier;
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
 * cookie dies with the logout. Any later record of the user only ever moves that instant forward.
 *
 * <p>A password change writes the account with the next {@code passwordVersion}, a new hash and its instant as
 * {@code sessionsValidAfter}. Only a record of a higher version replaces the hash, so of two changes racing on two
 * instances (the same next version) the first in partition order wins on all of them and the other answers 409, and
 * whatever older records compaction leaves in front of the newest one cannot bring an old password back. A writer
 * whose record did not become the account (a losing registration or change, or a logout written from the hash just
 * replaced) re-writes the account as it stands, because compaction keeps the newest record of a key.
 *
 * <p>A new password's hash is deliberately expensive, so at most {@code maxPendingHashes} sign-ups and password
 * changes hash at once on this instance and further ones are refused with 503 at once: a flood of sign-ups cannot
 * queue up work on the shared worker threads in front of the logins of people who already have an account.
 */
final class AccountService {

  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
  private static final String NAME_CHAR = "[a-z0-9_.-]";
  private static final Pattern USERNAME = Pattern.compile(NAME_CHAR + "{3,32}");
  private static final Pattern USERNAME_PREFIX = Pattern.compile(NAME_CHAR + "{0,32}");
  private static final int MIN_PASSWORD_CHARS = 8;
  private static final String LOGIN_FAILED = "Wrong username or password";
  private static final String BUSY = "Many new passwords are being set up right now; please try again in a few seconds";

  /** What this instance knows of a user from the user's records so far. */
  private record Account(String passwordHash, int passwordVersion, long createdAt, long sessionsValidAfter) {

    static Account of(AccountRecord record) {
      return new Account(record.passwordHash(), record.passwordVersion(), record.createdAt(),
          record.sessionsValidAfter());
    }

    AccountRecord record(String username) {
      return new AccountRecord(username, passwordHash, passwordVersion, createdAt, sessionsValidAfter);
    }

    Account withSessionsValidAfter(long instant) {
      return new Account(passwordHash, passwordVersion, createdAt, Math.max(sessionsValidAfter, instant));
    }

    /** This account once {@code later}, a record of the same user, is applied after it. */
    Account then(Account later) {
      if (later.passwordVersion() > passwordVersion) {
        return new Account(later.passwordHash(), later.passwordVersion(), createdAt,
            Math.max(sessionsValidAfter, later.sessionsValidAfter()));
      }
      return withSessionsValidAfter(later.sessionsValidAfter());
    }

    /** Whether {@code written} is this account, so compaction keeping it as the newest record loses nothing. */
    boolean isWhat(Account written) {
      return passwordHash.equals(written.passwordHash()) && sessionsValidAfter == written.sessionsValidAfter();
    }
  }

  /** Sorted by name, so that a prefix is a range. */
  private final NavigableMap<String, Account> accounts = new TreeMap<>();
  private final PasswordHasher hasher;
  private final EventLog log;
  private final EventBus bus;
  private final Clock clock;
  private final int maxPendingHashes;
  private int pendingHashes;

  AccountService(PasswordHasher hasher, EventLog log, EventBus bus, Clock clock, int maxPendingHashes) {
    this.hasher = hasher;
    this.log = log;
    this.bus = bus;
    this.clock = clock;
    this.maxPendingHashes = maxPendingHashes;
  }

  void apply(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      return;
    }
    AccountRecord written = Topics.ACCOUNTS.values().decode(record.value());
    String username = written.username();
    Account account = Account.of(written);
    Account known = accounts.putIfAbsent(username, account);
    if (known == null) {
      return;
    }
    Account now = known.then(account);
    accounts.put(username, now);
    if (live && now.sessionsValidAfter() > known.sessionsValidAfter()) {
      bus.publish(Addresses.SESSIONS_REVOKED, new JsonObject().put("username", username)
          .put("validAfter", now.sessionsValidAfter()));
    }
  }

  /** Whether some username could start with {@code prefix}. */
  static boolean isUsernamePrefix(String prefix) {
    return USERNAME_PREFIX.matcher(prefix).matches();
  }

  /** Whether this instance knows an account of that name. */
  boolean exists(String username) {
    return accounts.containsKey(username);
  }

  /** The first {@code limit} usernames, in order, that start with {@code prefix}. */
  List<String> usernamesStartingWith(String prefix, int limit) {
    return accounts.tailMap(prefix, true).keySet().stream()
        .takeWhile(username -> username.startsWith(prefix)).limit(limit).toList();
  }

  Future<JsonObject> register(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String username = body.getValue("username") instanceof String s ? s : "";
    String password = body.getValue("password") instanceof String s ? s : "";
    if (!USERNAME.matcher(username).matches()) {
      throw ServiceException.badRequest("Username must be 3-32 characters of a-z, 0-9, _ . -");
    }
    if (Mentions.ROOM.equals(username)) {
      throw ServiceException.badRequest("The username \"room\" is reserved: @room calls everyone in a room");
    }
    checkNewPassword(password);
    if (accounts.containsKey(username)) {
      return Future.failedFuture(taken());
    }
    return hashNew(password)
        .compose(hash -> write(username, new Account(hash, 0, clock.millis(), 0), AccountService::taken))
        .map(written -> {
          LOG.info("Registered account {}", username);
          return new JsonObject().put("username", username);
        });
  }

  /** The name as typed, in any case and with spaces around it: names are lowercase, so it can only mean that one. */
  Future<JsonObject> login(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String username = body.getValue("username") instanceof String s ? s.strip().toLowerCase(Locale.ROOT) : "";
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
    Account revoked = existing(username).withSessionsValidAfter(clock.millis());
    return log.append(Topics.ACCOUNTS, username, revoked.record(username))
        .compose(meta -> keepNewest(username, revoked))
        .map(kept -> {
          LOG.info("Ended the sessions of {}", username);
          return new JsonObject();
        });
  }

  /**
   * Replaces the password of the session's user once the current one is verified, and ends every session issued
   * until then, on every instance. Replies {@code {username, validAfter}} so the edge can issue this browser a
   * session that comes after that instant.
   */
  Future<JsonObject> changePassword(Message<?> msg) {
    String username = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String current = body.getValue("currentPassword") instanceof String s ? s : "";
    String replacement = body.getValue("newPassword") instanceof String s ? s : "";
    checkNewPassword(replacement);
    Account account = existing(username);
    return hasher.verify(account.passwordHash(), current)
        .compose(ok -> ok ? hashNew(replacement)
            : Future.failedFuture(ServiceException.forbidden("Your current password is not right")))
        .compose(hash -> write(username, new Account(hash, account.passwordVersion() + 1, account.createdAt(),
                Math.max(account.sessionsValidAfter(), clock.millis())),
            () -> new ServiceException(409, "Your password was changed elsewhere at the same time; sign in again")))
        .map(changed -> {
          LOG.info("Changed the password of {} and ended its other sessions", username);
          return new JsonObject().put("username", username).put("validAfter", changed.sessionsValidAfter());
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

  private Account existing(String username) {
    Account account = accounts.get(username);
    if (account == null) {
      throw ServiceException.notFound("No such account");
    }
    return account;
  }

  private static void checkNewPassword(String password) {
    if (password.length() < MIN_PASSWORD_CHARS) {
      throw ServiceException.badRequest("Password must be at least " + MIN_PASSWORD_CHARS + " characters");
    }
  }

  /** Hashes a password that is to be stored, within this instance's bound of such hashes at once. */
  private Future<String> hashNew(String password) {
    if (pendingHashes >= maxPendingHashes) {
      LOG.warn("Refused a new password: {} are already being hashed", pendingHashes);
      return Future.failedFuture(ServiceException.unavailable(BUSY));
    }
    pendingHashes++;
    return hasher.hash(password).eventually(() -> {
      pendingHashes--;
      return Future.succeededFuture();
    });
  }

  /**
   * Writes a new password's account record and waits for this instance to apply it; fails with {@code lost()} when
   * another record of the user won the race (see the class comment), after making sure compaction keeps the winner.
   */
  private Future<Account> write(String username, Account written, Supplier<ServiceException> lost) {
    return log.append(Topics.ACCOUNTS, username, written.record(username))
        .compose(meta -> keepNewest(username, written))
        .compose(account -> account.passwordHash().equals(written.passwordHash())
            ? Future.succeededFuture(account) : Future.failedFuture(lost.get()));
  }

  /** The account as applied; re-written to the topic when the record just written is not all of it. */
  private Future<Account> keepNewest(String username, Account written) {
    Account account = accounts.get(username);
    if (account.isWhat(written)) {
      return Future.succeededFuture(account);
    }
    LOG.info("Another record of {} came first; re-writing the account as it stands", username);
    return log.send(Topics.ACCOUNTS, username, account.record(username)).map(account);
  }

  private static ServiceException taken() {
    return new ServiceException(409, "That username is taken");
  }
}
