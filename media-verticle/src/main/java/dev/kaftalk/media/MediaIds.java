package dev.kaftalk.media;

import dev.kaftalk.model.ServiceException;

import java.util.UUID;
import java.util.regex.Pattern;

/** Media ids, {@code <roomId>.<uuid>}: the room they were posted to, which downloads are authorized against. */
final class MediaIds {

  private static final String UUID_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final Pattern ROOM_ID = Pattern.compile(UUID_FORM);
  private static final Pattern MEDIA_ID = Pattern.compile(UUID_FORM + "\\." + UUID_FORM);

  private MediaIds() {
  }

  /** A new id for media posted to {@code roomId}; fails 404 for anything that cannot be a room id. */
  static String create(String roomId) {
    if (!ROOM_ID.matcher(roomId).matches()) {
      throw ServiceException.notFound("No such room");
    }
    return roomId + "." + UUID.randomUUID();
  }

  /** The room of a media id; fails 404 for anything that cannot be a media id. */
  static String roomOf(String mediaId) {
    if (!MEDIA_ID.matcher(mediaId).matches()) {
      throw ServiceException.notFound("No such media");
    }
    return mediaId.substring(0, mediaId.indexOf('.'));
  }
}
