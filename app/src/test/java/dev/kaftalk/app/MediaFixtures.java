package dev.kaftalk.app;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;

/** Small real media files for the media tests: images drawn here, audio from {@code src/test/resources/media}. */
final class MediaFixtures {

  private MediaFixtures() {
  }

  /** A gradient image encoded as {@code format} ("png", "jpeg" or "gif"). */
  static Buffer image(String format, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
    g.fillRect(0, 0, width, height);
    g.dispose();
    return encode(image, format);
  }

  /** A PNG of random pixels, which hardly compresses (some 3 bytes a pixel): an upload that takes a while. */
  static Buffer noise(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(width * 31L + height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return encode(image, "png");
  }

  private static Buffer encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  /** How many objects the bucket holds, as an independent S3 client lists them. */
  static Future<Integer> countObjects(Vertx vertx, MinioClient s3, String bucket) {
    return vertx.executeBlocking(() -> {
      int count = 0;
      for (var ignored : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
        count++;
      }
      return count;
    });
  }

  /** A checked-in file of {@code src/test/resources/media}. */
  static Buffer resource(String name) {
    try (InputStream in = MediaFixtures.class.getResourceAsStream("/media/" + name)) {
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing test resource media/" + name, e);
    }
  }

  static Buffer text(String text) {
    return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
  }

  static Buffer randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Buffer.buffer(bytes);
  }

  /** A valid 1x1 PNG whose header then claims {@code width} x {@code height}: a decompression bomb's header. */
  static Buffer pngClaiming(int width, int height) {
    Buffer png = image("png", 1, 1);
    // Signature (8) + IHDR length (4) + "IHDR" (4), then width, height and the rest of IHDR's 13 bytes, then its CRC.
    byte[] bytes = png.getBytes();
    ByteBuffer ihdr = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    ihdr.putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(bytes, 12, 4 + 13);
    ihdr.putInt(29, (int) crc.getValue());
    return Buffer.buffer(bytes);
  }

  /** A real 8 kHz 8-bit mono WAV of {@code seconds} of silence. */
  static Buffer wavSeconds(int seconds) {
    return Buffer.buffer(wav(8000, 1, seconds));
  }

  /** A real 48 kHz 16-bit stereo WAV of noise, 192,000 bytes a second. */
  static Buffer wavBytes(int seconds) {
    return Buffer.buffer(wav(48_000, 4, seconds));
  }

  /** The start of a Windows program: a DOS stub header ("MZ") pointing at a PE header. */
  static Buffer windowsProgram() {
    ByteBuffer exe = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    exe.put((byte) 'M').put((byte) 'Z').putShort((short) 0x90).putShort((short) 3).putShort((short) 0)
        .putShort((short) 4).putShort((short) 0).putShort((short) 0xFFFF);
    exe.putInt(0x3C, 0x80);
    exe.put(0x80, (byte) 'P').put(0x81, (byte) 'E');
    return Buffer.buffer(exe.array());
  }

  /** A real 48 kHz 16-bit stereo WAV of noise, 192,000 bytes a second, in a file (for uploads streamed from disk). */
  static Path wavFile(Path dir, int seconds) {
    try {
      return Files.write(dir.resolve("noise-" + seconds + "s.wav"), wavBytes(seconds).getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @param frameBytes bytes per sample frame: channels x bytes per sample */
  private static byte[] wav(int rate, int frameBytes, int seconds) {
    int data = rate * frameBytes * seconds;
    ByteBuffer wav = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    short channels = (short) (frameBytes == 1 ? 1 : 2);
    wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort(channels)
        .putInt(rate).putInt(rate * frameBytes).putShort((short) frameBytes).putShort((short) (frameBytes == 1 ? 8 : 16));
    wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
    byte[] noise = new byte[data];
    new Random(seconds).nextBytes(noise);
    wav.put(noise);
    return wav.array();
  }
}
