package farm.colorize.trainer;

import farm.colorize.messages.ModelPublished;
import java.util.Map;
import java.util.Optional;

/**
 * Which trained versions are not published: one with no validation score to judge it by, and one
 * that loses more than {@code margin} dB of validation PSNR against the grey baseline or against
 * the version it would replace.
 */
record RefusalPolicy(double margin) {
  Optional<String> reasonToRefuse(Map<String, Double> metrics, Optional<ModelPublished> current) {
    Double psnr = metrics.get("psnr");
    Double grayPsnr = metrics.get("grayPsnr");
    if (psnr == null || psnr.isNaN()) {
      return Optional.of("no validation PSNR to judge it by");
    }
    if (grayPsnr != null && psnr < grayPsnr - margin) {
      return Optional.of(String.format("validation PSNR %.2f dB is below the grey baseline's %.2f", psnr, grayPsnr));
    }
    Double currentPsnr = current.map(c -> c.metrics().get("psnr")).orElse(null);
    if (currentPsnr != null && psnr < currentPsnr - margin) {
      return Optional.of(String.format("validation PSNR %.2f dB is worse than the current version's %.2f by more"
          + " than %.2f", psnr, currentPsnr, margin));
    }
    return Optional.empty();
  }
}
