package farm.colorize.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.messages.RequestOptions;
import farm.colorize.messages.Saturation;
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

  @Test
  void aLineMayAskForItsOwnSaturation() {
    List<SourceItem> items = items(String.join("\n",
        "s3://archive/a.jpg,jpeg,90,false,1.5",
        "s3://archive/b.jpg,,,,0",
        "{\"source\": \"s3://archive/c.png\", \"saturation\": 2}",
        "{\"source\": \"s3://archive/d.png\", \"saturation\": null}",
        "s3://archive/e.jpg,,,,5",
        "s3://archive/f.jpg,,,,NaN",
        "{\"source\": \"s3://archive/g.png\", \"saturation\": \"vivid\"}",
        "{\"source\": \"s3://archive/h.png\", \"saturation\": -1}"), null);

    assertThat(items).extracting(SourceItem::options).startsWith(
        new RequestOptions("jpeg", 90, false, new Saturation(1.5)),
        new RequestOptions(null, null, null, Saturation.GREY),
        new RequestOptions(null, null, null, new Saturation(2)),
        RequestOptions.DEFAULT);
    assertThat(items.subList(4, 8)).extracting(SourceItem::rejected).containsOnly(Skip.MALFORMED);
    assertThat(items.get(4).detail()).contains("Saturation must be 0..4");
    assertThat(items.get(5).detail()).contains("Saturation must be 0..4");
    assertThat(items.get(6).detail()).contains("saturation is not a number");
    assertThat(items.get(7).detail()).contains("Saturation must be 0..4");

    assertThat(items("source,saturation\ns3://archive/i.jpg,0.5", null)).singleElement()
        .satisfies(item -> assertThat(item.options().saturation()).isEqualTo(new Saturation(0.5)));
  }

  private static List<SourceItem> items(String after) {
    return items(MANIFEST, after);
  }

  private static List<SourceItem> items(String manifest, String after) {
    ManifestSource source = new ManifestSource("test manifest",
        () -> new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)));
    try (Stream<SourceItem> items = source.items(after)) {
      return items.toList();
    }
  }
}
