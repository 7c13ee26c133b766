package farm.colorize.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.storage.ObjectUri;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ItemFilterTest {
  private static final ItemFilter FILTER = new ItemFilter(Set.of(".JPG", "tif"), 10, 1000);

  @Test
  void hiddenNamesAndFoldersComeFirstThenExtensionsThenSizes() {
    assertThat(FILTER.check(item(".DS_Store", 5))).contains(Skip.HIDDEN);
    assertThat(FILTER.check(item("1900/.thumbs/a.jpg", 50))).contains(Skip.HIDDEN);
    assertThat(FILTER.check(item("1900/notes.txt", 0))).contains(Skip.NOT_AN_IMAGE);
    assertThat(FILTER.check(item("1900/jpg", 50))).as("no extension").contains(Skip.NOT_AN_IMAGE);
    assertThat(FILTER.check(item("1900/a.jpg", 0))).contains(Skip.EMPTY);
    assertThat(FILTER.check(item("1900/a.jpg", 9))).contains(Skip.TOO_SMALL);
    assertThat(FILTER.check(item("1900/a.jpg", 1001))).contains(Skip.TOO_LARGE);
    assertThat(FILTER.check(item("1900/a.JPG", 10))).isEmpty();
    assertThat(FILTER.check(item("1900/b.tif", SourceItem.UNKNOWN_SIZE))).as("a manifest's item").isEmpty();
  }

  @Test
  void noExtensionsMeansAny() {
    ItemFilter any = new ItemFilter(Set.of(), 1, 1000);

    assertThat(any.check(item("1900/scan", 50))).isEmpty();
    assertThat(any.check(item("1900/.scan", 50))).contains(Skip.HIDDEN);
  }

  private static SourceItem item(String name, long size) {
    return SourceItem.object(name, name, new ObjectUri("bucket", name), size);
  }
}
