package dev.kaftalk.bench;

/** {@code users} accounts with {@code tabs} sockets each, in rooms of {@code roomSize} users (every user in one room). */
record LoadShape(int users, int tabs, int roomSize) {

  LoadShape {
    if (users <= 0 || tabs <= 0 || roomSize <= 0 || users % roomSize != 0) {
      throw new IllegalArgumentException("users must be a positive multiple of roomSize: " + this);
    }
  }

  int sockets() {
    return users * tabs;
  }

  int rooms() {
    return users / roomSize;
  }

  int userOfSocket(int socket) {
    return socket / tabs;
  }

  int roomOfUser(int user) {
    return user / roomSize;
  }

  int roomOfSocket(int socket) {
    return roomOfUser(userOfSocket(socket));
  }

  /** Every member's every tab gets each message, the author's included. */
  int socketsPerRoom() {
    return roomSize * tabs;
  }
}
