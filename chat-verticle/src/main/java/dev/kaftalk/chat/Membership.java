package dev.kaftalk.chat;

import dev.kaftalk.model.RoomRecord;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Rooms and membership as of the moment a request arrives, not only as far as this instance has read: a room
 * created, or a join made, through another instance a moment ago may not be in {@link RoomDirectory} yet. Only a
 * refusal costs a catch-up (the rooms and memberships topics applied up to their end offsets of now, at most
 * {@code catchUpTimeoutMs}); what the directory already knows is answered at once.
 */
final class Membership {

  private final RoomDirectory directory;
  private final StateLog state;
  private final long catchUpTimeoutMs;

  Membership(RoomDirectory directory, StateLog state, long catchUpTimeoutMs) {
    this.directory = directory;
    this.state = state;
    this.catchUpTimeoutMs = catchUpTimeoutMs;
  }

  /**
   * The room, if {@code user} may know of it (a public room, or one they are in); fails 404 otherwise, even after
   * catching up.
   */
  Future<RoomRecord> visibleRoom(String roomId, String user) {
    return directory.has(roomId) && directory.visibleTo(directory.require(roomId), user)
        ? Future.succeededFuture(directory.require(roomId))
        : caughtUp().map(v -> directory.requireVisible(roomId, user));
  }

  /**
   * The room, if {@code user} is in it; fails 404 (no such room, or a hidden one) or 403 (not a member of a public
   * room) even after catching up.
   */
  Future<RoomRecord> requireMember(String roomId, String user) {
    return directory.has(roomId) && directory.isMember(roomId, user)
        ? Future.succeededFuture(directory.require(roomId))
        : caughtUp().map(v -> directory.requireMember(roomId, user));
  }

  /**
   * Completes once all of {@code people} are members of the room as this instance knows it, or after
   * {@code catchUpTimeoutMs} whatever they are: waiting for another request's joins is only a courtesy.
   */
  Future<Void> membersArrived(String roomId, Collection<String> people) {
    return directory.membersArrived(roomId, people, catchUpTimeoutMs).otherwiseEmpty();
  }

  /**
   * Completes once this instance has applied the rooms and memberships written anywhere up to now. Every refusal pays
   * for it (two offset lookups per topic), so it reads only what a membership decision depends on.
   */
  Future<Void> caughtUp() {
    return caughtUpWith(Topics.ROOMS.name(), Topics.MEMBERSHIPS.name());
  }

  /** {@link #caughtUp()} and the accounts too: for a user who signed up through another instance a moment ago. */
  Future<Void> caughtUpWithAccounts() {
    return caughtUpWith(Topics.ROOMS.name(), Topics.MEMBERSHIPS.name(), Topics.ACCOUNTS.name());
  }

  /**
   * If Kafka cannot tell where the topics end in time, the answer is what this instance knows: the catch-up only keeps
   * a refusal from being premature, it is no reason to fail a request.
   */
  private Future<Void> caughtUpWith(String... topics) {
    return Future.all(Arrays.stream(topics).map(state::caughtUpWith).toList())
        .timeout(catchUpTimeoutMs, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
