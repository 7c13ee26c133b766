package farm.colorize.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.messages.RequestOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ManifestSourceTest {
  private static final String MANIFEST = String.join("\n",
      "# scans of 1900, with their formats",
      "source,quality,sixteen_bit,format",
      "s3://archive/1900/a.jpg,90,false,jpeg",
      "",
      "s3://archive/1900/b.jpg,,,",
      "s3://archive/1900/c.jpg,101",
      "s3://archive/1900/\"\"d\"\".jpg",
      "\"s3://archive/1900/e,f.jpg\",,yes",
      "s3://archive/1900/",
      "s3://archive/1900/g.jpg,1,2,3,4",
      "{\"source\": \"s3://archive/1900/h.png\", \"format\": \"tiff\", \"quality\": 50}",
      "{\"uri\": \"s3://archive/1900/i.png\"}",
      "{not json",
      "s3://archive/1900/" + "x".repeat(ManifestLines.MAX_CHARS) + ".jpg",
      "s3://archive/1900/j.jpg\r");

  @Test
  void readsCsvAndJsonLinesAndRejectsBadLinesByNumber() {
    List<SourceItem> items = items(null);

    assertThat(items).extracting(SourceItem::position)
        .containsExactly("3", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15");
    assertThat(items.get(0).uri()).hasToString("s3://archive/1900/a.jpg");
    assertThat(items.get(0).options()).isEqualTo(new RequestOptions("jpeg", 90, false));
    assertThat(items.get(1).options()).isEqualTo(RequestOptions.DEFAULT);
    assertThat(items.get(3).uri()).as("not quoted, so quotes stay").hasToString("s3://archive/1900/\"\"d\"\".jpg");
    assertThat(items.get(4).uri()).hasToString("s3://archive/1900/e,f.jpg");
    assertThat(items.get(4).options()).isEqualTo(new RequestOptions(null, null, true));
    assertThat(items.get(7).options()).isEqualTo(new RequestOptions("tiff", 50, null));
    assertThat(items.get(11).uri()).hasToString("s3://archive/1900/j.jpg");
    assertThat(items.get(11).name()).isEqualTo("j.jpg");

    assertThat(items).filteredOn(item -> item.rejected() != null)
        .extracting(SourceItem::name, SourceItem::rejected)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("line 6", Skip.MALFORMED),
            org.assertj.core.groups.Tuple.tuple("line 9", Skip.MALFORMED),
            org.assertj.core.groups.Tuple.tuple("line 10", Skip.MALFORMED),
            org.assertj.core.groups.Tuple.tuple("line 12", Skip.MALFORMED),
            org.assertj.core.groups.Tuple.tuple("line 13", Skip.MALFORMED),
            org.assertj.core.groups.Tuple.tuple("line 14", Skip.MALFORMED));
    assertThat(items.get(2).detail()).contains("quality must be 1..100");
    assertThat(items.get(5).detail()).contains("names no object");
    assertThat(items.get(6).detail()).contains("5 fields, but only 4 columns");
    assertThat(items.get(8).detail()).contains("Not an s3:// URI: '(no source)'");
    assertThat(items.get(10).detail()).contains("longer than 8192 characters");
  }

  @Test
  void resumesAfterALineWithTheHeaderStillInForce() {
    assertThat(items("12")).extracting(SourceItem::position).containsExactly("13", "14", "15");
    assertThat(items("2")).first().satisfies(item ->
        assertThat(item.options()).isEqualTo(new RequestOptions("jpeg", 90, false)));
  }

  private static List<SourceItem> items(String after) {
    ManifestSource source = new ManifestSource("test manifest",
        () -> new ByteArrayInputStream(MANIFEST.getBytes(StandardCharsets.UTF_8)));
    try (Stream<SourceItem> items = source.items(after)) {
      return items.toList();
    }
  }
}
