package farm.colorize.color;

/** {@link LabRow} by {@link GamutMapping}, in double, a pixel's channels after one another. */
final class ScalarLabRow implements LabRow {
  private final GamutMapping gamut = new GamutMapping();
  private final SrgbLevels levels;
  private final double[] rgb;
  private final float[] ab;

  ScalarLabRow(int width, SrgbLevels levels) {
    this.levels = levels;
    this.rgb = new double[3 * width];
    this.ab = new float[2 * width];
  }

  @Override
  public void toLevels(float[] lightness, float[] a, float[] b, int width, int[] red, int[] green, int[] blue) {
    for (int x = 0; x < width; x++) {
      ab[2 * x] = a[x];
      ab[2 * x + 1] = b[x];
    }
    gamut.toLinearRgb(lightness, ab, width, rgb);
    for (int x = 0; x < width; x++) {
      red[x] = levels.level(rgb[3 * x]);
      green[x] = levels.level(rgb[3 * x + 1]);
      blue[x] = levels.level(rgb[3 * x + 2]);
    }
  }
}
