package farm.colorize.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectUriTest {
  @Test
  void keysThatHttpMayRewriteAreAmbiguous() {
    for (String uri : new String[] {"s3://bkt//lead.png", "s3://bkt/a//b.png", "s3://bkt/a/./b.png",
        "s3://bkt/./b.png", "s3://bkt/../other/x.png", "s3://bkt/a/../../other/x.png", "s3://bkt/a/..",
        "s3://bkt/results/../", "s3://bkt/.", "s3://bkt//"}) {
      assertThat(ObjectUri.parse(uri).hasAmbiguousPath()).as(uri).isTrue();
    }
  }

  @Test
  void ordinaryKeysPrefixesAndFoldersAreNot() {
    for (String uri : new String[] {"s3://bkt", "s3://bkt/", "s3://bkt/a.png", "s3://bkt/a/b c/ünï.png",
        "s3://bkt/results/", "s3://bkt/a..b.png", "s3://bkt/.hidden/x.png", "s3://bkt/x/...", "s3://bkt/folder/"}) {
      assertThat(ObjectUri.parse(uri).hasAmbiguousPath()).as(uri).isFalse();
    }
  }
}
