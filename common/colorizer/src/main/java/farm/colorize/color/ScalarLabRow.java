package farm.colorize.color;

/** {@link LabRow} by {@link GamutMapping}, in double, a pixel's channels after one another. */
final class ScalarLabRow implements LabRow {
  private final GamutMapping gamut = new GamutMapping();
  private final SrgbLevels levels;
  private final double[] rgb;

  ScalarLabRow(int width, SrgbLevels levels) {
    this.levels = levels;
    this.rgb = new double[3 * width];
  }

  @Override
  public void toLevels(float[] lightness, float[] ab, int width, int[] red, int[] green, int[] blue) {
    gamut.toLinearRgb(lightness, ab, width, rgb);
    for (int x = 0; x < width; x++) {
      red[x] = levels.level(rgb[3 * x]);
      green[x] = levels.level(rgb[3 * x + 1]);
      blue[x] = levels.level(rgb[3 * x + 2]);
    }
  }
}
