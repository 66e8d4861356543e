package dev.kaftalk.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Rooms with a long history, as the restart and search scenarios need them: {@code readers} accounts create
 * {@code rooms} rooms over REST (so the server knows the rooms and their members as it always does; room {@code r}
 * belongs to reader {@code r % readers}), then {@link TimelineWriter} writes {@code messages} messages round robin over
 * the rooms straight into Kafka.
 */
record Archive(List<BenchUser> readers, List<String> roomIds, List<String> roomNames, TimelineWriter writer,
               TimelineWriter.Written written) {

  private static final int SETUP_WIDTH = 16;

  /** Sets the rooms up and writes their history; the server may still be indexing it (see {@link #awaitServed}). */
  static Archive write(BenchRun bench, Options options) {
    int readerCount = options.integer("readers", 10);
    int roomCount = options.integer("rooms", 1000);
    long messages = options.integer("messages", 1_000_000);
    TimelineWriter writer = TimelineWriter.of(options);
    Accounts accounts = bench.accounts();
    String run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
    List<BenchUser> readers = BenchRun.await(Parallel.run(readerCount, SETUP_WIDTH,
        i -> accounts.register("r" + run + "-" + i)));
    List<String> names = IntStream.range(0, roomCount).mapToObj(r -> "team " + run + " " + r).toList();
    List<String> rooms = BenchRun.await(Parallel.run(roomCount, SETUP_WIDTH,
        r -> accounts.createRoom(readers.get(r % readerCount), names.get(r))));
    TimelineWriter.Written written = writer.write(bench.server().kafkaBootstrap(), messages,
        n -> rooms.get((int) (n % roomCount)));
    return new Archive(readers, rooms, names, writer, written);
  }

  /** Waits until the server serves every room's newest message; answers the seconds since the writing started. */
  double awaitServed(Accounts accounts, Duration timeout) throws InterruptedException {
    return written.awaitServed(accounts, this::memberOf, timeout);
  }

  /** The reader who created, and so is a member of, this room. */
  BenchUser memberOf(String roomId) {
    return readers.get(roomIds.indexOf(roomId) % readers.size());
  }
}
