package dev.kaftalk.media;

import dev.kaftalk.testing.media.TaggedPhotos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Photos lose their position, camera and comments, keep their pixels and their orientation. */
class MetadataStripperTest {

  @TempDir
  Path dir;

  @Test
  void aPhonesJpegLosesGpsCameraXmpAndCommentAndKeepsItsOrientation() throws IOException {
    byte[] photo = TaggedPhotos.jpegWithGps(64, 48, 6);
    assertEquals(3, TaggedPhotos.metadataSegments(photo).size(), "the fixture carries EXIF, XMP and a comment");
    byte[] stripped = strip(photo, "image/jpeg");
    List<byte[]> left = TaggedPhotos.metadataSegments(stripped);
    assertEquals(1, left.size(), "only the orientation's EXIF block is left");
    String text = new String(stripped, StandardCharsets.ISO_8859_1);
    assertFalse(text.contains(TaggedPhotos.MAKE) || text.contains(TaggedPhotos.PLACE) || text.contains("xap"));
    assertEquals(6, MetadataStripper.orientation(left.get(0), 6));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(stripped));
    assertEquals(64, image.getWidth());
    assertEquals(48, image.getHeight());
    assertPixelsEqual(ImageIO.read(new ByteArrayInputStream(photo)), image);
  }

  @Test
  void anUprightJpegKeepsNoExifAtAll() throws IOException {
    byte[] stripped = strip(TaggedPhotos.jpegWithGps(40, 30, 1), "image/jpeg");
    assertEquals(List.of(), TaggedPhotos.metadataSegments(stripped));
  }

  @Test
  void aPngLosesItsTextChunksAndKeepsItsPixels() throws IOException {
    BufferedImage source = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
    source.setRGB(3, 4, 0x00FF00);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(source, "png", plain);
    byte[] png = plain.toByteArray();
    // After the signature (8) and IHDR (8 + 13 + 4): a tEXt chunk naming the place.
    byte[] tagged = concat(java.util.Arrays.copyOf(png, 33),
        pngChunk("tEXt", ("Comment\0" + TaggedPhotos.PLACE).getBytes(StandardCharsets.ISO_8859_1)),
        java.util.Arrays.copyOfRange(png, 33, png.length));
    byte[] stripped = strip(tagged, "image/png");
    assertArrayEquals(png, stripped);
  }

  @Test
  void aWebpLosesItsExifAndXmpChunksAndStaysReadable() throws IOException {
    byte[] simple = resource("img.webp");
    byte[] vp8 = java.util.Arrays.copyOfRange(simple, 12, simple.length);
    ByteBuffer vp8x = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
    vp8x.put("VP8X".getBytes(StandardCharsets.ISO_8859_1)).putInt(10).put((byte) 0x0C).put(new byte[3]);
    vp8x.put((byte) 63).put((byte) 0).put((byte) 0).put((byte) 47).put((byte) 0).put((byte) 0);
    byte[] exif = riffChunk("EXIF", TaggedPhotos.PLACE.getBytes(StandardCharsets.ISO_8859_1));
    byte[] xmp = riffChunk("XMP ", ("<x:xmpmeta>" + TaggedPhotos.PLACE + "</x:xmpmeta>").getBytes(StandardCharsets.ISO_8859_1));
    byte[] body = concat("WEBP".getBytes(StandardCharsets.ISO_8859_1), vp8x.array(), vp8, exif, xmp);
    byte[] tagged = concat(riffHeader(body.length), body);
    assertEquals(64, ImageIO.read(new ByteArrayInputStream(tagged)).getWidth(), "the fixture is a readable WebP");
    byte[] stripped = strip(tagged, "image/webp");
    assertFalse(new String(stripped, StandardCharsets.ISO_8859_1).contains(TaggedPhotos.PLACE));
    assertEquals(0, stripped[20] & 0x0C, "the EXIF and XMP flags are cleared");
    assertEquals(stripped.length - 8, ByteBuffer.wrap(stripped, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(stripped));
    assertEquals(64, image.getWidth());
    assertEquals(48, image.getHeight());
  }

  private byte[] strip(byte[] photo, String type) throws IOException {
    Path source = Files.write(dir.resolve("photo-" + System.nanoTime()), photo);
    Path target = dir.resolve(source.getFileName() + ".stripped");
    assertTrue(MetadataStripper.strip(source, type, target));
    return Files.readAllBytes(target);
  }

  private static void assertPixelsEqual(BufferedImage expected, BufferedImage actual) {
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
  }

  private static byte[] pngChunk(String type, byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(type.getBytes(StandardCharsets.ISO_8859_1));
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(type.getBytes(StandardCharsets.ISO_8859_1))
        .put(data).putInt((int) crc.getValue()).array();
  }

  private static byte[] riffChunk(String type, byte[] data) {
    int padded = data.length + (data.length & 1);
    return ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN)
        .put(type.getBytes(StandardCharsets.ISO_8859_1)).putInt(data.length).put(data).array();
  }

  private static byte[] riffHeader(int bodyLength) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put("RIFF".getBytes(StandardCharsets.ISO_8859_1))
        .putInt(bodyLength).array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = MetadataStripperTest.class.getResourceAsStream("/media/" + name)) {
      return in.readAllBytes();
    }
  }
}
