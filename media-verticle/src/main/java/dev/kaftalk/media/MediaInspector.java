package dev.kaftalk.media;

import dev.kaftalk.model.MediaRef;
import dev.kaftalk.model.MediaSettings;
import dev.kaftalk.model.ServiceException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * Decides from the bytes alone what an upload is (Tika's magic detection, then the container's own structure for
 * audio and video), measures what must be measured, and refuses what the limits and the blocked types exclude.
 * Anything else that is not an image, a voice clip or a playable video is a plain file. Blocking: run it on a worker.
 */
final class MediaInspector {

  /**
   * What an accepted upload is; {@code preview} only for images. {@code stored} is the file to store: the upload, or
   * a copy of a photo without its metadata beside it, which the caller deletes.
   */
  record Inspection(String kind, String contentType, long size, Integer width, Integer height, Long durationMs,
                    ImageProbe.Preview preview, Path stored) {

    MediaRef ref(String id, String name, List<Integer> waveform) {
      return new MediaRef(id, kind, contentType, size, width, height, durationMs, name, waveform);
    }
  }

  private static final Set<String> WEBM_VIDEO = Set.of("V_VP8", "V_VP9", "V_AV1");
  private static final Set<String> WEBM_AUDIO = Set.of("A_OPUS", "A_VORBIS");
  private static final Set<String> MP4_VIDEO = Set.of("avc1", "avc3");
  private static final Set<String> MP4_AUDIO = Set.of("mp4a");
  private static final String OCTET_STREAM = "application/octet-stream";

  private static final Logger LOG = LoggerFactory.getLogger(MediaInspector.class);

  private final MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes();
  private final MediaSettings settings;

  MediaInspector(MediaSettings settings) {
    this.settings = settings;
  }

  Inspection inspect(Path path) throws IOException {
    long size = Files.size(path);
    if (size > settings.largestUploadBytes()) {
      throw tooLarge(settings.largestUploadBytes(), "Files");
    }
    String detected = detect(path);
    if (settings.blockedTypes().contains(detected)) {
      throw new ServiceException(415, "Windows programs and installers cannot be shared");
    }
    return switch (detected) {
      case "image/png", "image/gif", "image/webp", "image/jpeg" -> image(path, detected, requireMediaSize(size));
      case "audio/vnd.wave", "audio/wav", "audio/x-wav" ->
          voice(path, "audio/wav", size, probe(path, AudioProbe::wavDurationMs));
      case "audio/mpeg" -> voice(path, "audio/mpeg", size, probe(path, AudioProbe::mpegDurationMs));
      case "application/ogg", "audio/ogg", "audio/opus", "audio/vorbis" ->
          voice(path, "audio/ogg", size, probe(path, AudioProbe::oggDurationMs));
      case "audio/mp4", "audio/x-m4a", "video/mp4", "video/quicktime" -> mp4(path, detected, size);
      case "application/x-matroska", "video/x-matroska", "video/webm", "audio/webm" ->
          webm(path, detected, size);
      default -> file(path, detected, size);
    };
  }

  private String detect(Path path) throws IOException {
    // No resource name goes in: the type is decided by the content, never by what the file is called.
    try (TikaInputStream in = TikaInputStream.get(path)) {
      return mimeTypes.detect(in, new Metadata()).getBaseType().toString();
    }
  }

  private Inspection mp4(Path path, String detected, long size) throws IOException {
    Mp4Probe.Mp4 mp4 = probe(path, Mp4Probe::read);
    if (mp4 == null) {
      return file(path, detected, size);
    }
    if (mp4.isAudioOnly()) {
      return voice(path, "audio/mp4", size, mp4.durationMs());
    }
    boolean playable = mp4.formats().stream().anyMatch(MP4_VIDEO::contains) && mp4.formats().stream()
        .allMatch(format -> MP4_VIDEO.contains(format) || MP4_AUDIO.contains(format));
    return playable ? video(path, "video/mp4", size, mp4.durationMs()) : file(path, detected, size);
  }

  private Inspection webm(Path path, String detected, long size) throws IOException {
    WebmProbe.Webm webm = probe(path, WebmProbe::read);
    if (webm == null || !"webm".equals(webm.docType())
        || !webm.codecs().stream().allMatch(codec -> WEBM_VIDEO.contains(codec) || WEBM_AUDIO.contains(codec))) {
      return file(path, detected, size);
    }
    if (webm.hasVideo()) {
      return video(path, "video/webm", size, webm.durationMs());
    }
    return webm.hasAudio() ? voice(path, "audio/webm", size, webm.durationMs()) : file(path, detected, size);
  }

  private Inspection image(Path path, String contentType, long size) throws IOException {
    Path stored = settings.stripMetadata() ? withoutMetadata(path, contentType) : path;
    ImageProbe.Image image;
    try {
      image = ImageProbe.probe(stored, "image/jpeg".equals(contentType), settings.maxPixels(),
          settings.previewMaxSide());
    } catch (IOException | RuntimeException e) {
      if (!stored.equals(path)) {
        deleteQuietly(stored);
      }
      throw e;
    }
    return new Inspection(MediaRef.IMAGE, contentType, Files.size(stored), image.width(), image.height(), null,
        image.preview(), stored);
  }

  /** A copy beside the upload without its metadata; the upload itself for types that carry none we strip. */
  private static Path withoutMetadata(Path path, String contentType) {
    Path stripped = path.resolveSibling(path.getFileName() + ".stripped");
    try {
      return MetadataStripper.strip(path, contentType, stripped) ? stripped : path;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(stripped);
      // What cannot be copied without its metadata is not stored with it either.
      throw new ServiceException(415, "That file could not be read as an image");
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", file, e.toString());
    }
  }

  /**
   * A voice clip is audio whose length the server measured: the clip limit cannot be walked around with a length
   * the client declares. Audio that cannot be measured is shared as a plain file, never played inline.
   */
  private Inspection voice(Path path, String contentType, long size, Long measuredMs) {
    if (measuredMs == null) {
      return file(path, contentType, size);
    }
    requireMediaSize(size);
    if (measuredMs > settings.maxVoiceMs()) {
      throw new ServiceException(413, "Voice clips may be at most " + settings.maxVoiceMs() / 60_000 + " minutes long");
    }
    return new Inspection(MediaRef.VOICE, contentType, size, null, null, measuredMs, null, path);
  }

  private Inspection video(Path path, String contentType, long size, Long durationMs) {
    requireFileSize(size);
    return new Inspection(MediaRef.VIDEO, contentType, size, null, null, durationMs, null, path);
  }

  private Inspection file(Path path, String detected, long size) {
    requireFileSize(size);
    String type = detected == null || detected.isBlank() ? OCTET_STREAM : detected;
    return new Inspection(MediaRef.FILE, type, size, null, null, null, null, path);
  }

  private long requireMediaSize(long size) {
    if (size > settings.maxBytes()) {
      throw tooLarge(settings.maxBytes(), "Images and voice clips");
    }
    return size;
  }

  private void requireFileSize(long size) {
    if (size > settings.maxFileBytes()) {
      throw tooLarge(settings.maxFileBytes(), "Files");
    }
  }

  private interface Probe<T> {
    T read(FileBytes file) throws IOException;
  }

  /** What {@code probe} reads from the file; null when the structure is broken (then it is no clip we play). */
  private static <T> T probe(Path path, Probe<T> probe) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return probe.read(new FileBytes(channel));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ServiceException tooLarge(long limit, String what) {
    return new ServiceException(413, what + " may be at most " + limit / (1024 * 1024) + " MiB");
  }
}
