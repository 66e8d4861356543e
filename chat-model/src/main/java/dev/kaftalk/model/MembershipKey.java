package dev.kaftalk.model;

/**
 * The key of a {@link Topics#MEMBERSHIPS} record, {@code roomId/username}: one record per user and room, so
 * compaction keeps whether the user is in the room now. Neither a room id (a UUID) nor a username holds a '/'.
 */
public record MembershipKey(String roomId, String username) {

  public static final Codec<MembershipKey> CODEC = new Codec<>() {
    @Override
    public String encode(MembershipKey key) {
      return key.roomId + "/" + key.username;
    }

    @Override
    public MembershipKey decode(String text) {
      int slash = text == null ? -1 : text.indexOf('/');
      if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
        throw new UnreadableRecordException("membership key is not roomId/username");
      }
      return new MembershipKey(text.substring(0, slash), text.substring(slash + 1));
    }
  };
}
