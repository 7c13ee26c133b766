package farm.colorize.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceTest {
  @TempDir Path root;

  @Test
  void walksDepthFirstInNameOrderAndResumesRightAfterAPosition() throws IOException {
    for (String file : List.of("b/2.jpg", "a/z.jpg", "a/b/1.jpg", "a-1.jpg", "c.jpg", "a/b/c/d.jpg", ".git/HEAD")) {
      Files.createDirectories(root.resolve(file).getParent());
      Files.writeString(root.resolve(file), file);
    }
    FolderSource source = new FolderSource(root, ObjectUri.parse("s3://input/job/"));

    assertThat(positions(source, null))
        .containsExactly(".git", "a/b/1.jpg", "a/b/c/d.jpg", "a/z.jpg", "a-1.jpg", "b/2.jpg", "c.jpg");
    assertThat(positions(source, "a/b/1.jpg")).containsExactly("a/b/c/d.jpg", "a/z.jpg", "a-1.jpg", "b/2.jpg", "c.jpg");
    assertThat(positions(source, "a/z.jpg")).containsExactly("a-1.jpg", "b/2.jpg", "c.jpg");
    assertThat(positions(source, ".git")).as("a hidden folder is an item, never entered")
        .startsWith("a/b/1.jpg");
    assertThat(positions(source, "c.jpg")).isEmpty();
    try (Stream<SourceItem> items = source.items("a-1.jpg")) {
      assertThat(items.findFirst()).get().satisfies(item -> {
        assertThat(item.uri()).isEqualTo(ObjectUri.parse("s3://input/job/b/2.jpg"));
        assertThat(item.size()).isEqualTo("b/2.jpg".length());
      });
    }
  }

  private static List<String> positions(FolderSource source, String after) {
    try (Stream<SourceItem> items = source.items(after)) {
      return items.map(SourceItem::position).toList();
    }
  }
}
