package dev.kaftalk.media;

import dev.kaftalk.model.MediaRef;
import dev.kaftalk.model.MediaSettings;
import dev.kaftalk.model.ServiceException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Decides from the bytes alone what an upload is (Tika's magic detection, then the container's own header for the
 * audio formats Tika only names by container), and refuses everything outside the allowed types and limits.
 * Blocking: run it on a worker.
 */
final class MediaInspector {

  /** What an accepted upload is; {@code preview} only for images. */
  record Inspection(String kind, String contentType, long size, Integer width, Integer height, Long durationMs,
                    ImageProbe.Preview preview) {

    MediaRef ref(String id) {
      return new MediaRef(id, kind, contentType, size, width, height, durationMs);
    }
  }

  private static final String ALLOWED = "Only png, jpeg, gif and webp images and webm, ogg, mp4/m4a, mp3 and wav "
      + "voice clips can be shared";

  private final MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes();
  private final MediaSettings settings;

  MediaInspector(MediaSettings settings) {
    this.settings = settings;
  }

  /** @param declaredDurationMs the client's duration, used only where the container records none */
  Inspection inspect(Path path, Long declaredDurationMs) throws IOException {
    long size = Files.size(path);
    if (size > settings.maxBytes()) {
      throw tooLarge();
    }
    String detected = detect(path);
    return switch (detected) {
      case "image/png", "image/gif", "image/webp", "image/jpeg" -> image(path, detected, size);
      case "audio/vnd.wave", "audio/wav", "audio/x-wav" -> voice("audio/wav", size, audio(path, AudioProbe::wavDurationMs), declaredDurationMs);
      case "audio/mpeg" -> voice("audio/mpeg", size, audio(path, AudioProbe::mpegDurationMs), declaredDurationMs);
      case "application/ogg", "audio/ogg", "audio/opus", "audio/vorbis" -> {
        Long measured = audio(path, AudioProbe::oggDurationMs);
        if (measured == null) {
          throw notAllowed();
        }
        yield voice("audio/ogg", size, measured, declaredDurationMs);
      }
      case "audio/mp4", "audio/x-m4a", "video/mp4", "video/quicktime" -> {
        AudioProbe.Mp4 mp4 = audio(path, AudioProbe::mp4);
        if (!mp4.isAudioOnly()) {
          throw notAllowed();
        }
        yield voice("audio/mp4", size, mp4.durationMs(), declaredDurationMs);
      }
      case "application/x-matroska", "video/x-matroska", "video/webm", "audio/webm" -> {
        if (!audio(path, AudioProbe::isWebmAudio)) {
          throw notAllowed();
        }
        yield voice("audio/webm", size, null, declaredDurationMs);
      }
      default -> throw notAllowed();
    };
  }

  private String detect(Path path) throws IOException {
    // No resource name goes in: the type is decided by the content, never by what the file is called.
    try (TikaInputStream in = TikaInputStream.get(path)) {
      return mimeTypes.detect(in, new Metadata()).getBaseType().toString();
    }
  }

  private Inspection image(Path path, String contentType, long size) throws IOException {
    ImageProbe.Image image = ImageProbe.probe(path, "image/jpeg".equals(contentType), settings.maxPixels(),
        settings.previewMaxSide());
    return new Inspection(MediaRef.IMAGE, contentType, size, image.width(), image.height(), null, image.preview());
  }

  private Inspection voice(String contentType, long size, Long measuredMs, Long declaredMs) {
    // The container's own duration wins; a client's is trusted only for display, within the limit.
    // Fragmented MP4 (Safari's MediaRecorder) records a zero movie duration: that is "unknown", not "empty".
    Long duration = measuredMs != null && measuredMs > 0 ? measuredMs
        : declaredMs != null && declaredMs > 0 ? declaredMs : null;
    if (duration != null && duration > settings.maxVoiceMs()) {
      throw new ServiceException(413, "Voice clips may be at most " + settings.maxVoiceMs() / 60_000 + " minutes long");
    }
    return new Inspection(MediaRef.VOICE, contentType, size, null, null, duration, null);
  }

  private interface Probe<T> {
    T read(FileBytes file) throws IOException;
  }

  private static <T> T audio(Path path, Probe<T> probe) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return probe.read(new FileBytes(channel));
    } catch (RuntimeException e) {
      // A header that lies about its own lengths is not a clip we accept.
      throw notAllowed();
    }
  }

  ServiceException tooLarge() {
    return new ServiceException(413, "Files may be at most " + settings.maxBytes() / (1024 * 1024) + " MiB");
  }

  private static ServiceException notAllowed() {
    return new ServiceException(415, ALLOWED);
  }
}
