package dev.kaftalk.bench;

import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The accounts and rooms of a run, created over REST as real users would: register, create a room, join it. */
record Population(LoadShape shape, List<BenchUser> users, List<String> roomIds) {

  private static final int SETUP_WIDTH = 16;

  static Future<Population> create(Accounts accounts, LoadShape shape) {
    String run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
    return Parallel.run(shape.users(), SETUP_WIDTH, i -> accounts.register("b" + run + "-" + i))
        .compose(users -> Parallel.run(shape.rooms(), SETUP_WIDTH,
                room -> accounts.createRoom(users.get(room * shape.roomSize()), "bench " + run + " " + room))
            .compose(rooms -> Parallel.run(shape.users(), SETUP_WIDTH, i -> i % shape.roomSize() == 0
                    ? Future.succeededFuture()
                    : accounts.join(users.get(i), rooms.get(shape.roomOfUser(i))))
                .map(joined -> new Population(shape, users, rooms))));
  }

  String roomOfSocket(int socket) {
    return roomIds.get(shape.roomOfSocket(socket));
  }

  BenchUser userOfSocket(int socket) {
    return users.get(shape.userOfSocket(socket));
  }
}
