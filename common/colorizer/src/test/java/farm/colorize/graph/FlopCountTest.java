package farm.colorize.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class FlopCountTest {
  @Test
  void aConvolutionCostsTwoFlopsPerMultiplyAddOfEachOutputValue() {
    // 8x8x4 outputs, each 3x3x2 multiply-adds, per image (the batch is free)
    FakeOp conv = new FakeOp("conv", "Conv2D", Shape.of(-1, 8, 8, 4), Shape.of(-1, 8, 8, 2), Shape.of(3, 3, 2, 4));

    FlopCount count = FlopCount.count(List.of(conv));

    assertThat(count.byOpType()).isEqualTo(Map.of("Conv2D", 2L * 8 * 8 * 4 * 3 * 3 * 2));
    assertThat(count.byOperation()).isEqualTo(Map.of("conv", 2L * 8 * 8 * 4 * 3 * 3 * 2));
  }

  @Test
  void gradientsOfAConvolutionCostWhatItsForwardPassCosts() {
    long forward = 2L * 8 * 8 * 4 * 3 * 3 * 2;
    FakeOp input = new FakeOp("dx", "Conv2DBackpropInput", Shape.of(-1, 8, 8, 2),
        Shape.of(4), Shape.of(3, 3, 2, 4), Shape.of(-1, 8, 8, 4));
    FakeOp filter = new FakeOp("dw", "Conv2DBackpropFilter", Shape.of(3, 3, 2, 4),
        Shape.of(-1, 8, 8, 2), Shape.of(4), Shape.of(-1, 8, 8, 4));

    FlopCount count = FlopCount.count(List.of(input, filter));

    assertThat(count.byOpType()).containsEntry("Conv2DBackpropInput", forward)
        .containsEntry("Conv2DBackpropFilter", forward);
    assertThat(count.total()).isEqualTo(2 * forward);
  }

  @Test
  void aDepthwiseConvolutionSumsOverItsWindowOnly() {
    FakeOp depthwise = new FakeOp("dw", "DepthwiseConv2dNative", Shape.of(-1, 7, 7, 8),
        Shape.of(-1, 14, 14, 4), Shape.of(3, 3, 4, 2));

    assertThat(FlopCount.count(List.of(depthwise)).total()).isEqualTo(2L * 7 * 7 * 8 * 3 * 3);
  }

  @Test
  void matrixProductsContractTheirInnerLengthEvenWhenItIsTheBatch() {
    FakeOp dense = new FakeOp("dense", "MatMul", Shape.of(-1, 1000), Shape.of(-1, 1536), Shape.of(1536, 1000));
    // The weight gradient of the same layer: [1536, N] x [N, 1000], contracted over the batch.
    FakeOp gradient = new FakeOp("grad", "MatMul", Shape.of(1536, 1000), Shape.of(-1, 1536), Shape.of(-1, 1000))
        .with("transpose_a");

    FlopCount count = FlopCount.count(List.of(dense, gradient));

    assertThat(count.total()).isEqualTo(2L * 1536 * 1000 * 2);
  }

  @Test
  void opsOfOtherTypesAreNotCountedAndUnknownShapesAreListedNotGuessed() {
    FakeOp relu = new FakeOp("relu", "Relu", Shape.of(-1, 8, 8, 4), Shape.of(-1, 8, 8, 4));
    FakeOp anySize = new FakeOp("conv", "Conv2D", Shape.of(-1, -1, -1, 4), Shape.of(-1, -1, -1, 2),
        Shape.of(3, 3, 2, 4));

    FlopCount count = FlopCount.count(List.of(relu, anySize));

    assertThat(count.total()).isZero();
    assertThat(count.uncounted()).containsExactly("conv (Conv2D)");
  }

  @Test
  void elementsTakeAnUnknownBatchAsOne() {
    assertThat(FlopCount.elements(Shape.of(-1, 3, 5))).isEqualTo(15);
    assertThat(FlopCount.elements(Shape.of(2, 3, 5))).isEqualTo(30);
    assertThat(FlopCount.elements(Shape.of(2, -1))).isEqualTo(-1);
    assertThat(FlopCount.elements(Shape.unknown())).isEqualTo(-1);
  }

  private record FakeOp(String name, String type, Shape output, List<Shape> inputs, List<String> flags)
      implements FlopCount.Op {
    FakeOp(String name, String type, Shape output, Shape... inputs) {
      this(name, type, output, List.of(inputs), List.of());
    }

    FakeOp with(String flag) {
      return new FakeOp(name, type, output, inputs, List.of(flag));
    }

    @Override
    public Shape input(int index) {
      return inputs.get(index);
    }

    @Override
    public boolean flag(String attribute) {
      return flags.contains(attribute);
    }
  }
}
