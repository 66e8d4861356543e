package dev.kaftalk.testing.media;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Photos as a phone writes them: a JPEG with an EXIF block holding the camera make, an orientation and a GPS
 * position, an XMP packet with the same position and a comment; and a reader of what a JPEG's APP1 and comment
 * segments hold, through the JDK's own JPEG metadata (independent of the code under test).
 */
public final class TaggedPhotos {

  /** The camera make written into the EXIF block, to look for afterwards. */
  public static final String MAKE = "PhoneCo";
  /** Written into the XMP packet and the comment, to look for afterwards. */
  public static final String PLACE = "GPSLatitude 48.8583";

  private TaggedPhotos() {
  }

  /** A {@code width} x {@code height} JPEG with GPS EXIF, XMP and a comment, and the given EXIF orientation. */
  public static byte[] jpegWithGps(int width, int height, int orientation) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 2, height);
    g.setColor(Color.BLUE);
    g.fillRect(width / 2, 0, width - width / 2, height);
    g.dispose();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpeg", plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] jpeg = plain.toByteArray();
    ByteArrayOutputStream tagged = new ByteArrayOutputStream();
    // After SOI and the JFIF APP0 segment, which must come first.
    int afterJfif = 4 + ((jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF);
    tagged.write(jpeg, 0, afterJfif);
    segment(tagged, 0xE1, concat(ascii("Exif\0\0"), exif(orientation)));
    segment(tagged, 0xE1, ascii("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><exif "
        + PLACE + "/></x:xmpmeta>"));
    segment(tagged, 0xFE, ascii("taken at " + PLACE));
    tagged.write(jpeg, afterJfif, jpeg.length - afterJfif);
    return tagged.toByteArray();
  }

  /** The bodies of every APP1 (EXIF, XMP) and comment segment of a JPEG, as the JDK's JPEG reader finds them. */
  public static List<byte[]> metadataSegments(byte[] jpeg) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        IIOMetadata metadata = reader.getImageMetadata(0);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree("javax_imageio_jpeg_image_1.0");
        List<byte[]> found = new ArrayList<>();
        collect(root, found);
        return found;
      } finally {
        reader.dispose();
      }
    }
  }

  private static void collect(IIOMetadataNode node, List<byte[]> found) {
    if ("unknown".equals(node.getNodeName()) && "225".equals(node.getAttribute("MarkerTag"))) {
      found.add((byte[]) node.getUserObject());
    } else if ("com".equals(node.getNodeName())) {
      Object comment = node.getUserObject();
      found.add(comment instanceof byte[] bytes ? bytes : ascii(node.getAttribute("comment")));
    }
    for (int i = 0; i < node.getLength(); i++) {
      collect((IIOMetadataNode) node.item(i), found);
    }
  }

  /** Big-endian TIFF: IFD0 with Make, Orientation and a GPS IFD pointer; the GPS IFD with latitude and longitude. */
  private static byte[] exif(int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(200);
    tiff.put(ascii("MM")).putShort((short) 42).putInt(8);
    int makeAt = 8 + 2 + 3 * 12 + 4;
    int gpsAt = makeAt + MAKE.length() + 1;
    tiff.putShort((short) 3);
    entry(tiff, 0x010F, 2, MAKE.length() + 1, makeAt);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    entry(tiff, 0x8825, 4, 1, gpsAt);
    tiff.putInt(0);
    tiff.put(ascii(MAKE + "\0"));
    int rationalsAt = gpsAt + 2 + 4 * 12 + 4;
    tiff.putShort((short) 4);
    tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(ascii("N\0\0\0"));
    entry(tiff, 2, 5, 3, rationalsAt);
    tiff.putShort((short) 3).putShort((short) 2).putInt(2).put(ascii("E\0\0\0"));
    entry(tiff, 4, 5, 3, rationalsAt + 24);
    tiff.putInt(0);
    for (int value : new int[] {48, 51, 30, 2, 17, 40}) {
      tiff.putInt(value).putInt(1);
    }
    byte[] bytes = new byte[tiff.position()];
    tiff.flip().get(bytes);
    return bytes;
  }

  private static void entry(ByteBuffer tiff, int tag, int type, int count, int value) {
    tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
  }

  private static void segment(ByteArrayOutputStream out, int marker, byte[] body) {
    out.write(0xFF);
    out.write(marker);
    out.write(body.length + 2 >> 8);
    out.write(body.length + 2 & 0xFF);
    out.write(body, 0, body.length);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
