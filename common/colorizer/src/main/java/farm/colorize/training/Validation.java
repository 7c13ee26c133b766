package farm.colorize.training;

/**
 * Scores of the model on the held-out images at one step.
 *
 * @param trainLoss mean training loss since the previous validation
 * @param loss validation loss of the recipe (MSE on ab/128, or the classes' weighted cross-entropy)
 * @param psnr dB, model output against the colour originals (8-bit sRGB)
 * @param grayPsnr dB, the grey image (a = b = 0) against the same originals: the bar to clear
 * @param colourfulness model output's mean colourfulness over the originals' (1 = as colourful)
 */
public record Validation(long step, double trainLoss, double loss, double psnr, double grayPsnr,
    double colourfulness, double imagesPerSecond) {}
