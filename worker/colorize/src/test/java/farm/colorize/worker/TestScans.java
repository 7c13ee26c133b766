package farm.colorize.worker;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Grey "scans" of any size: a gradient with a few shapes, as PNG or JPEG bytes. */
final class TestScans {
  private TestScans() {}

  static byte[] png(int width, int height) {
    return encode(scan(width, height), "png");
  }

  static byte[] jpeg(int width, int height) {
    return encode(scan(width, height), "jpeg");
  }

  private static BufferedImage scan(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    for (int x = 0; x < width; x++) {
      g.setColor(new Color(x * 255 / Math.max(1, width - 1), x * 255 / Math.max(1, width - 1),
          x * 255 / Math.max(1, width - 1)));
      g.drawLine(x, 0, x, height);
    }
    g.setColor(Color.DARK_GRAY);
    g.fillOval(width / 4, height / 4, Math.max(1, width / 2), Math.max(1, height / 2));
    g.dispose();
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
