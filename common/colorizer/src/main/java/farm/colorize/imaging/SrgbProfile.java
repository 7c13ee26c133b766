package farm.colorize.imaging;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;

/**
 * The ICC profile of the outputs' colour space. The decoder converts every input to sRGB, so an
 * input's own profile would misdescribe the output's pixels; this one is written instead.
 */
final class SrgbProfile {
  private static final byte[] PROFILE = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

  private SrgbProfile() {}

  static byte[] bytes() {
    return PROFILE.clone();
  }
}
