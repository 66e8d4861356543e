package dev.kaftalk.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Upload limits and media storage settings: config key {@code media}. The edge reads the size limit and the upload
 * directory, the media service all of it.
 *
 * @param maxBytes          largest image or voice clip accepted
 * @param maxFileBytes      largest file of any other kind accepted (the body limit adds room for the multipart
 *                          framing)
 * @param blockedTypes      detected content types refused whatever the file is called (Windows programs)
 * @param stripMetadata     whether JPEG, PNG and WebP originals are stored without their EXIF/XMP metadata
 * @param maxVoiceMs        longest voice clip accepted
 * @param maxPixels         largest image (width x height) accepted; guards against decompression bombs
 * @param previewMaxSide    longest side of the stored preview of an image
 * @param uploadDir         where the edge streams upload bodies before the media service stores them
 * @param linkTtlSeconds    how long the store link the edge streams a download from stays valid
 * @param sweepIntervalMs   how often stored media older than the room history's retention are removed
 * @param uploadsPerMinute  uploads one user may start per minute on one instance; more are refused with 429 before
 *                          their body is read
 */
public record MediaSettings(int maxBytes, int maxVoiceMs, int maxPixels, int previewMaxSide, String uploadDir,
                            int linkTtlSeconds, int sweepIntervalMs, int uploadsPerMinute, long maxFileBytes,
                            List<String> blockedTypes, boolean stripMetadata) {

  /** Windows executables and installers, as Apache Tika names them from their bytes. */
  public static final List<String> DEFAULT_BLOCKED_TYPES = List.of("application/x-msdownload",
      "application/x-dosexec", "application/vnd.microsoft.portable-executable", "application/x-ms-installer",
      "application/x-msi", "application/x-ms-shortcut");

  /** Room the multipart framing and the small form fields take beside the file itself. */
  public static final int MULTIPART_OVERHEAD_BYTES = 64 * 1024;

  public MediaSettings {
    ConfigException.requireRange("media.maxBytes", maxBytes, 1024, 1024 * 1024 * 1024);
    ConfigException.requireRange("media.maxVoiceMs", maxVoiceMs, 1000, 24 * 3600 * 1000);
    ConfigException.requireRange("media.maxPixels", maxPixels, 1, 500_000_000);
    ConfigException.requireRange("media.previewMaxSide", previewMaxSide, 16, 4096);
    ConfigException.requireText("media.uploadDir", uploadDir);
    ConfigException.requireRange("media.linkTtlSeconds", linkTtlSeconds, 10, 7 * 24 * 3600);
    ConfigException.requireRange("media.sweepIntervalMs", sweepIntervalMs, 1000, Integer.MAX_VALUE);
    ConfigException.requireRange("media.uploadsPerMinute", uploadsPerMinute, 1, 100_000);
    ConfigException.requireRange("media.maxFileBytes", maxFileBytes, 1024, 16L * 1024 * 1024 * 1024);
    blockedTypes = List.copyOf(blockedTypes);
  }

  public static MediaSettings fromJson(JsonObject json) {
    return new MediaSettings(json.getInteger("maxBytes", 10 * 1024 * 1024), json.getInteger("maxVoiceMs", 300_000),
        json.getInteger("maxPixels", 50_000_000), json.getInteger("previewMaxSide", 480),
        json.getString("uploadDir"), json.getInteger("linkTtlSeconds", 300),
        json.getInteger("sweepIntervalMs", 3_600_000), json.getInteger("uploadsPerMinute", 30),
        json.getLong("maxFileBytes", 100L * 1024 * 1024), blockedTypes(json.getValue("blockedTypes")),
        json.getBoolean("stripMetadata", true));
  }

  private static List<String> blockedTypes(Object value) {
    if (value == null) {
      return DEFAULT_BLOCKED_TYPES;
    }
    if (!(value instanceof JsonArray types) || !types.stream().allMatch(String.class::isInstance)) {
      throw new ConfigException("media.blockedTypes must be a list of content types");
    }
    return types.stream().map(type -> ((String) type).trim().toLowerCase(java.util.Locale.ROOT)).toList();
  }

  /** The largest upload of any kind. */
  public long largestUploadBytes() {
    return Math.max(maxBytes, maxFileBytes);
  }

  /** The request body limit of the upload route. */
  public long bodyLimitBytes() {
    return largestUploadBytes() + MULTIPART_OVERHEAD_BYTES;
  }
}
