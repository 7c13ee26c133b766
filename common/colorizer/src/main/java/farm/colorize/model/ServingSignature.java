package farm.colorize.model;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The names and shapes (-1 for any) of a SavedModel's serving signature, read from its
 * {@code saved_model.pb} without loading TensorFlow.
 */
public record ServingSignature(Map<String, List<Long>> inputs, Map<String, List<Long>> outputs) {
  private static final long MAX_PROTO_BYTES = 1L << 30;

  public ServingSignature {
    inputs = new TreeMap<>(inputs);
    outputs = new TreeMap<>(outputs);
  }

  public static ServingSignature read(Path savedModel) throws InvalidBundleException, IOException {
    Path proto = savedModel.resolve("saved_model.pb");
    if (!Files.isRegularFile(proto)) {
      throw new InvalidBundleException(savedModel + " is not a SavedModel: it has no saved_model.pb");
    }
    if (Files.size(proto) > MAX_PROTO_BYTES) {
      throw new InvalidBundleException(proto + " is implausibly large");
    }
    try (InputStream in = Files.newInputStream(proto)) {
      SavedModel model = SavedModel.parseFrom(in);
      if (model.getMetaGraphsCount() == 0
          || !model.getMetaGraphs(0).getSignatureDefMap().containsKey(ModelBundle.SIGNATURE)) {
        throw new InvalidBundleException(savedModel.getFileName() + " has no " + ModelBundle.SIGNATURE + " signature");
      }
      SignatureDef signature = model.getMetaGraphs(0).getSignatureDefMap().get(ModelBundle.SIGNATURE);
      return new ServingSignature(shapes(signature.getInputsMap()), shapes(signature.getOutputsMap()));
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidBundleException(proto + " is not a SavedModel: " + e.getMessage(), e);
    }
  }

  private static Map<String, List<Long>> shapes(Map<String, TensorInfo> tensors) {
    Map<String, List<Long>> shapes = new TreeMap<>();
    tensors.forEach((name, info) -> shapes.put(name,
        info.getTensorShape().getDimList().stream().map(TensorShapeProto.Dim::getSize).toList()));
    return shapes;
  }
}
