package farm.colorize.enqueue;

import farm.colorize.messages.ColorizeRequest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which items are sent: not hidden, with one of {@code extensions} (any, when empty), and between
 * {@code minSize} and {@code maxSize} bytes when the source knows the size.
 */
public record ItemFilter(Set<String> extensions, long minSize, long maxSize) {
  /** What the workers decode. */
  public static final Set<String> IMAGE_EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "tif", "tiff", "webp", "gif", "bmp");
  /** The workers refuse larger files, so sending them would only buy a failure. */
  public static final ItemFilter DEFAULT = new ItemFilter(IMAGE_EXTENSIONS, 1, ColorizeRequest.DEFAULT_MAX_SOURCE_BYTES);

  public ItemFilter {
    TreeSet<String> normalised = new TreeSet<>();
    for (String extension : extensions) {
      String bare = extension.strip().toLowerCase(Locale.ROOT);
      normalised.add(bare.startsWith(".") ? bare.substring(1) : bare);
    }
    extensions = Set.copyOf(normalised);
    if (minSize < 1) {
      throw new IllegalArgumentException("The smallest size must be at least 1 byte, not " + minSize);
    }
    if (maxSize < minSize) {
      throw new IllegalArgumentException("The largest size (" + maxSize + ") is below the smallest (" + minSize + ")");
    }
  }

  Optional<Skip> check(SourceItem item) {
    if (item.rejected() != null) {
      return Optional.of(item.rejected());
    }
    for (String segment : item.name().split("/")) {
      if (segment.startsWith(".")) {
        return Optional.of(Skip.HIDDEN);
      }
    }
    if (!extensions.isEmpty() && !extensions.contains(extension(item.name()))) {
      return Optional.of(Skip.NOT_AN_IMAGE);
    }
    if (item.size() == 0) {
      return Optional.of(Skip.EMPTY);
    }
    if (item.size() != SourceItem.UNKNOWN_SIZE && item.size() < minSize) {
      return Optional.of(Skip.TOO_SMALL);
    }
    if (item.size() > maxSize) {
      return Optional.of(Skip.TOO_LARGE);
    }
    return Optional.empty();
  }

  private static String extension(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    return dot > slash + 1 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }
}
