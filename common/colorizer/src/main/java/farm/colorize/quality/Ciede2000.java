package farm.colorize.quality;

/**
 * The CIEDE2000 colour difference (CIE 142-2001), as Sharma, Wu and Dalal (2005) spell it out:
 * about 1 is a just noticeable difference.
 */
public final class Ciede2000 {
  private static final double POW25_7 = Math.pow(25, 7);

  private Ciede2000() {}

  public static double difference(double l1, double a1, double b1, double l2, double a2, double b2) {
    double c1 = Math.hypot(a1, b1);
    double c2 = Math.hypot(a2, b2);
    double meanC7 = Math.pow((c1 + c2) / 2, 7);
    double g = 0.5 * (1 - Math.sqrt(meanC7 / (meanC7 + POW25_7)));
    double a1p = (1 + g) * a1;
    double a2p = (1 + g) * a2;
    double c1p = Math.hypot(a1p, b1);
    double c2p = Math.hypot(a2p, b2);
    double h1p = hue(a1p, b1);
    double h2p = hue(a2p, b2);

    double deltaL = l2 - l1;
    double deltaC = c2p - c1p;
    double deltaHue = 0;
    if (c1p * c2p != 0) {
      deltaHue = h2p - h1p;
      if (deltaHue > 180) {
        deltaHue -= 360;
      } else if (deltaHue < -180) {
        deltaHue += 360;
      }
    }
    double deltaH = 2 * Math.sqrt(c1p * c2p) * Math.sin(Math.toRadians(deltaHue / 2));

    double meanL = (l1 + l2) / 2;
    double meanCp = (c1p + c2p) / 2;
    double meanHue;
    if (c1p * c2p == 0) {
      meanHue = h1p + h2p;
    } else if (Math.abs(h1p - h2p) <= 180) {
      meanHue = (h1p + h2p) / 2;
    } else {
      meanHue = h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2;
    }
    double t = 1 - 0.17 * cos(meanHue - 30) + 0.24 * cos(2 * meanHue) + 0.32 * cos(3 * meanHue + 6)
        - 0.20 * cos(4 * meanHue - 63);
    double deltaTheta = 30 * Math.exp(-Math.pow((meanHue - 275) / 25, 2));
    double meanCp7 = Math.pow(meanCp, 7);
    double rc = 2 * Math.sqrt(meanCp7 / (meanCp7 + POW25_7));
    double sl = 1 + 0.015 * Math.pow(meanL - 50, 2) / Math.sqrt(20 + Math.pow(meanL - 50, 2));
    double sc = 1 + 0.045 * meanCp;
    double sh = 1 + 0.015 * meanCp * t;
    double rt = -Math.sin(Math.toRadians(2 * deltaTheta)) * rc;
    double l = deltaL / sl;
    double c = deltaC / sc;
    double h = deltaH / sh;
    return Math.sqrt(l * l + c * c + h * h + rt * c * h);
  }

  private static double hue(double a, double b) {
    if (a == 0 && b == 0) {
      return 0;
    }
    double degrees = Math.toDegrees(Math.atan2(b, a));
    return degrees < 0 ? degrees + 360 : degrees;
  }

  private static double cos(double degrees) {
    return Math.cos(Math.toRadians(degrees));
  }
}
