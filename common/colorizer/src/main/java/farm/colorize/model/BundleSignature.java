package farm.colorize.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Optional;

/** {@code manifest.sig}: the algorithm and the signature of {@code manifest.json}'s bytes. */
final class BundleSignature {
  static final String FILE = "manifest.sig";
  private static final long MAX_BYTES = 4096;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BundleSignature() {}

  static void write(Path bundle, byte[] signature) throws IOException {
    byte[] json = MAPPER.writeValueAsBytes(MAPPER.createObjectNode().put("algorithm", SigningKey.ALGORITHM)
        .put("signature", Base64.getEncoder().encodeToString(signature)));
    Path temporary = bundle.resolve(FILE + ".tmp");
    Files.write(temporary, json);
    Files.move(temporary, bundle.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The signature bytes, or empty when the bundle is unsigned. */
  static Optional<byte[]> read(Path bundle) throws IOException, UntrustedBundleException {
    Path file = bundle.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    if (Files.size(file) > MAX_BYTES) {
      throw new UntrustedBundleException(UntrustedBundleException.Reason.BAD_SIGNATURE, FILE + " is too large");
    }
    try {
      JsonNode json = MAPPER.readTree(Files.readAllBytes(file));
      if (!SigningKey.ALGORITHM.equals(json.path("algorithm").asText())) {
        throw new UntrustedBundleException(UntrustedBundleException.Reason.BAD_SIGNATURE,
            FILE + " names algorithm '" + json.path("algorithm").asText() + "'; only " + SigningKey.ALGORITHM
                + " is accepted");
      }
      return Optional.of(Base64.getDecoder().decode(json.path("signature").asText()));
    } catch (IOException | IllegalArgumentException e) {
      throw new UntrustedBundleException(UntrustedBundleException.Reason.BAD_SIGNATURE, FILE + " is unreadable: "
          + e.getMessage());
    }
  }

  static void delete(Path bundle) throws IOException {
    Files.deleteIfExists(bundle.resolve(FILE));
  }
}
