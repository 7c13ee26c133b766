package farm.colorize.quality;

/**
 * How one colorization compares with the colour original, next to the grey baseline (the same
 * image with a = b = 0), which any colorizer must beat to be worth running.
 *
 * @param psnr dB on 8-bit sRGB
 * @param ssim mean structural similarity over the RGB channels
 * @param ciede2000 mean CIEDE2000 over the pixels
 * @param colourfulness Hasler and Suesstrunk's M of the output
 * @param truthColourfulness M of the original
 */
public record ImageScore(String source, int width, int height, double psnr, double ssim, double ciede2000,
    double colourfulness, double truthColourfulness, double grayPsnr, double graySsim, double grayCiede2000) {
  public double colourfulnessRatio() {
    return truthColourfulness == 0 ? Double.NaN : colourfulness / truthColourfulness;
  }
}
