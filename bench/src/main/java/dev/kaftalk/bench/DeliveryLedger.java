package dev.kaftalk.bench;

import java.util.BitSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which message each socket received, so that losses and duplicates are exact: a socket must get every message its
 * room accepted, once. Socket {@code i}'s bits are only touched on its own event loop; a room's accepted set under its
 * own lock, since replies come in on every socket's loop.
 */
final class DeliveryLedger {

  private final LoadShape shape;
  private final BitSet[] receivedBySocket;
  private final BitSet[] acceptedByRoom;
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder expected = new LongAdder();

  DeliveryLedger(LoadShape shape) {
    this.shape = shape;
    this.receivedBySocket = new BitSet[shape.sockets()];
    this.acceptedByRoom = new BitSet[shape.rooms()];
    for (int i = 0; i < receivedBySocket.length; i++) {
      receivedBySocket[i] = new BitSet();
    }
    for (int i = 0; i < acceptedByRoom.length; i++) {
      acceptedByRoom[i] = new BitSet();
    }
  }

  void accepted(int room, int seq) {
    synchronized (acceptedByRoom[room]) {
      acceptedByRoom[room].set(seq);
    }
    expected.add(shape.socketsPerRoom());
  }

  /** Records a delivery; false if that socket had it already. */
  boolean received(int socket, int seq) {
    BitSet seen = receivedBySocket[socket];
    if (seen.get(seq)) {
      duplicates.increment();
      return false;
    }
    seen.set(seq);
    deliveries.increment();
    return true;
  }

  /** All deliveries expected so far have come (a cheap check to end the grace period early). */
  boolean caughtUp() {
    return deliveries.sum() >= expected.sum();
  }

  long deliveries() {
    return deliveries.sum();
  }

  long duplicates() {
    return duplicates.sum();
  }

  long expected() {
    return expected.sum();
  }

  /** Accepted messages some socket of their room never got; call once the run and its grace period are over. */
  long lost() {
    long lost = 0;
    for (int socket = 0; socket < receivedBySocket.length; socket++) {
      BitSet missing;
      BitSet roomAccepted = acceptedByRoom[shape.roomOfSocket(socket)];
      synchronized (roomAccepted) {
        missing = (BitSet) roomAccepted.clone();
      }
      missing.andNot(receivedBySocket[socket]);
      lost += missing.cardinality();
    }
    return lost;
  }

  /** Deliveries of messages whose send was refused or never answered (none should exist). */
  long unexpected() {
    long unexpected = 0;
    for (int socket = 0; socket < receivedBySocket.length; socket++) {
      BitSet extra = (BitSet) receivedBySocket[socket].clone();
      BitSet roomAccepted = acceptedByRoom[shape.roomOfSocket(socket)];
      synchronized (roomAccepted) {
        extra.andNot(roomAccepted);
      }
      unexpected += extra.cardinality();
    }
    return unexpected;
  }
}
