package farm.colorize.bundles;

import farm.colorize.messages.ModelPublished;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.TrustedKeys;
import farm.colorize.model.UntrustedBundleException;
import farm.colorize.model.UntrustedBundleException.Reason;
import java.io.IOException;
import java.util.Optional;

/** Which bundles a worker may run: a graph in a pod that holds storage credentials runs as that pod. */
public sealed interface ModelTrust {
  /** {@code allow} lets a worker run unsigned bundles: only for a bundle a user names on their own machine. */
  String UNSIGNED_MODELS = "COLORIZE_UNSIGNED_MODELS";

  /**
   * Checks that {@code bundle} may run: as published (name, version and manifest digest), when it
   * came from the models topic, and signed.
   *
   * @return how it was trusted, for the log
   */
  default String check(ModelBundle bundle, Optional<ModelPublished> published)
      throws IOException, UntrustedBundleException {
    if (published.isPresent()) {
      asPublished(bundle, published.get());
    }
    return signer(bundle);
  }

  /** Who signed {@code bundle}, for the log; refuses one that is not signed as this trust requires. */
  String signer(ModelBundle bundle) throws IOException, UntrustedBundleException;

  /** Bundles signed by one of these keys. */
  record SignedBy(TrustedKeys keys) implements ModelTrust {
    @Override
    public String signer(ModelBundle bundle) throws IOException, UntrustedBundleException {
      return "signed by " + keys.verify(bundle);
    }
  }

  /** Any intact bundle: what `colorize demo --model` runs, a bundle the user picked on their own machine. */
  record Unsigned() implements ModelTrust {
    @Override
    public String signer(ModelBundle bundle) {
      return "unsigned bundles allowed (" + UNSIGNED_MODELS + "=allow)";
    }
  }

  private static void asPublished(ModelBundle bundle, ModelPublished published) throws UntrustedBundleException {
    String named = published.name() + "/" + published.version();
    if (!bundle.id().equals(named)) {
      throw new UntrustedBundleException(Reason.NOT_AS_PUBLISHED, "The bundle at " + published.bundle() + " is "
          + bundle.id() + ", but the models topic published " + named + " there");
    }
    if (!bundle.manifestSha256().equals(published.manifestSha256())) {
      throw new UntrustedBundleException(Reason.NOT_AS_PUBLISHED, "The manifest of " + named + " at "
          + published.bundle() + " has SHA-256 " + bundle.manifestSha256() + ", not the published "
          + published.manifestSha256() + ": the bundle was replaced after it was published");
    }
  }
}
