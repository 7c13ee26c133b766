package farm.colorize.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AxisWeightsTest {
  @Test
  void sameLengthIsTheIdentity() {
    float[] row = {3, 1, 4, 1, 5};
    assertThat(AxisWeights.of(5, 5).resampleRows(row, 1, 5, 1)[0]).containsExactly(row);
  }

  @Test
  void doublingMatchesHalfPixelBilinear() {
    // tf.image.resize(method="bilinear") and skimage.transform.resize(order=1) give these.
    float[] up = AxisWeights.of(2, 4).resampleRows(new float[] {0, 1}, 1, 2, 1)[0];
    assertThat(up).containsExactly(0f, 0.25f, 0.75f, 1f);
  }

  @Test
  void shrinkingAveragesEverySourcePixel() {
    float[] stripes = new float[1000];
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = i % 2; // worst case for aliasing: a pure 0/1 alternation
    }
    float[] small = AxisWeights.of(1000, 64).resampleRows(stripes, 1, 1000, 1)[0];
    for (float value : small) {
      assertThat(value).isCloseTo(0.5f, within(0.02f));
    }
  }

  @Test
  void weightsAreNormalisedAndInterleavedChannelsStaySeparate() {
    float[] ab = {10, -10, 20, -20, 30, -30};
    float[] out = AxisWeights.of(3, 7).resampleRows(ab, 1, 3, 2)[0];
    for (int i = 0; i < 7; i++) {
      assertThat(out[2 * i]).isCloseTo(-out[2 * i + 1], within(1e-5f));
      assertThat(out[2 * i]).isBetween(10f, 30f);
    }
    AxisWeights weights = AxisWeights.of(977, 256);
    for (int target = 0; target < weights.length(); target++) {
      float sum = 0;
      for (float w : weights.weights(target)) {
        sum += w;
      }
      assertThat(sum).isCloseTo(1f, within(1e-5f));
    }
  }

  @Test
  void blendingRowsIsTheWeightedSumOfTheirSamples() {
    java.util.Random random = new java.util.Random(4);
    float[] plane = new float[6 * 9];
    for (int i = 0; i < plane.length; i++) {
      plane[i] = random.nextFloat();
    }
    float[][] rows = AxisWeights.of(9, 20).resampleRows(plane, 6, 9, 1);
    // Upsampling (two taps), one row (one tap) and shrinking (many taps).
    for (AxisWeights down : new AxisWeights[] {AxisWeights.of(6, 31), AxisWeights.of(6, 6), AxisWeights.of(6, 2)}) {
      for (int y = 0; y < down.length(); y++) {
        float[] blended = new float[20];
        down.blendRows(rows, y, blended);

        for (int i = 0; i < 20; i++) {
          float sum = 0;
          float[] weights = down.weights(y);
          for (int k = 0; k < weights.length; k++) {
            sum += weights[k] * rows[down.first(y) + k][i];
          }
          assertThat(blended[i]).isEqualTo(sum);
        }
      }
    }
  }
}
