package dev.kaftalk.media;

import dev.kaftalk.model.ServiceException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Image dimensions read from the header (nothing decoded before the size is known to be sane), and the preview: the
 * image decoded with subsampling, so a large image never occupies its full size in memory, then scaled to fit.
 */
final class ImageProbe {

  /** A decoded preview, PNG for formats that may carry transparency, JPEG for JPEG. */
  record Preview(byte[] bytes, String contentType) {
  }

  record Image(int width, int height, Preview preview) {
  }

  private static final float JPEG_QUALITY = 0.82f;

  private ImageProbe() {
  }

  static Image probe(Path path, boolean jpeg, long maxPixels, int previewMaxSide) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw unreadable();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
          throw new ServiceException(415, "Images may have at most " + maxPixels / 1_000_000 + " megapixels");
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, Math.max(width, height) / previewMaxSide);
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage decoded = reader.read(0, param);
        return new Image(width, height, encode(fit(decoded, previewMaxSide, !jpeg), jpeg));
      } catch (IOException | RuntimeException e) {
        if (e instanceof ServiceException refused) {
          throw refused;
        }
        throw unreadable();
      } finally {
        reader.dispose();
      }
    }
  }

  private static BufferedImage fit(BufferedImage source, int maxSide, boolean alpha) {
    double scale = Math.min(1.0, (double) maxSide / Math.max(source.getWidth(), source.getHeight()));
    int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
    BufferedImage target = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return target;
  }

  private static Preview encode(BufferedImage image, boolean jpeg) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!jpeg) {
      ImageIO.write(image, "png", out);
      return new Preview(out.toByteArray(), "image/png");
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return new Preview(out.toByteArray(), "image/jpeg");
  }

  private static ServiceException unreadable() {
    return new ServiceException(415, "That file could not be read as an image");
  }
}
