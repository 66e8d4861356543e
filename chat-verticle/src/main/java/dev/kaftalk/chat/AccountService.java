package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>A new password's hash is deliberately expensive, so at most {@code maxPendingSignups} registrations hash at
 * once on this instance and further ones are refused with 503 at once: a flood of sign-ups cannot queue up work
 * on the shared worker threads in front of the logins of people who already have an account.
 */
final class AccountService {

  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");
  private static final int MIN_PASSWORD_CHARS = 8;
  private static final String LOGIN_FAILED = "Wrong username or password";

  private record Account(String passwordHash, long createdAt) {
  }

  private final Map<String, Account> accounts = new HashMap<>();
  private final PasswordHasher hasher;
  private final EventLog log;
  private final int maxPendingSignups;
  private int pendingSignups;

  AccountService(PasswordHasher hasher, EventLog log, int maxPendingSignups) {
    this.hasher = hasher;
    this.log = log;
    this.maxPendingSignups = maxPendingSignups;
  }

  void apply(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      return;
    }
    JsonObject json = new JsonObject(record.value());
    String username = json.getString("username");
    Account account = new Account(json.getString("passwordHash"), json.getLong("createdAt", 0L));
    if (username != null && account.passwordHash() != null) {
      accounts.putIfAbsent(username, account);
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
        .compose(hash -> log.append(Topics.ACCOUNTS, username, record(username, new Account(hash, System.currentTimeMillis())))
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
    return new JsonObject().put("username", username).put("passwordHash", account.passwordHash())
        .put("createdAt", account.createdAt());
  }

  private static ServiceException taken() {
    return new ServiceException(409, "That username is taken");
  }
}
