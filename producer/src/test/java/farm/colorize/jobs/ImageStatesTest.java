package farm.colorize.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.messages.ImageIds;
import farm.colorize.storage.ObjectUri;
import org.junit.jupiter.api.Test;

class ImageStatesTest {
  @Test
  void keepsTheLatestStateAndPositionOfEachOfAHundredThousandImages() {
    ImageStates states = new ImageStates();
    for (int i = 0; i < 100_000; i++) {
      assertThat(states.put(ImageStates.keyOf(id(i)), i, (byte) 1)).isEqualTo(-1);
    }
    for (int i = 0; i < 100_000; i += 2) {
      assertThat(states.put(ImageStates.keyOf(id(i)), 1_000_000 + i, (byte) 0)).isEqualTo(1);
    }

    assertThat(states.size()).isEqualTo(100_000);
    for (int i = 0; i < 100_000; i++) {
      long key = ImageStates.keyOf(id(i));
      assertThat(states.state(key)).isEqualTo(i % 2 == 0 ? 0 : 1);
      assertThat(states.position(key)).isEqualTo(i % 2 == 0 ? 1_000_000 + i : i);
    }
    assertThat(states.state(ImageStates.keyOf(id(-1)))).isEqualTo(-1);
    assertThat(states.position(ImageStates.keyOf(id(-1)))).isEqualTo(ImageStates.ABSENT);
  }

  @Test
  void idsThatAreNotHexAreHashed() {
    assertThat(ImageStates.keyOf("scan-0001")).isNotEqualTo(ImageStates.keyOf("scan-0002")).isNotZero();
    assertThat(ImageStates.keyOf("00000000000000000000000000000000")).as("0 marks an empty slot").isEqualTo(1);
  }

  private static String id(int i) {
    return ImageIds.of("job", ObjectUri.parse("s3://bucket/scan-" + i + ".jpg"));
  }
}
