package farm.colorize.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import farm.colorize.model.ModelBundle;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;

/** Writes SavedModels with one {@code serving_default} signature, the form DJL loads. */
public final class SavedModels {
  private SavedModels() {}

  public static void export(Session session, Path directory, Map<String, Operand<?>> inputs,
      Map<String, Operand<?>> outputs) throws IOException {
    if (Files.exists(directory)) {
      throw new IOException("Refusing to overwrite " + directory + ": export into a new directory");
    }
    Files.createDirectories(directory.getParent());
    Signature.Builder signature = Signature.builder().key(ModelBundle.SIGNATURE);
    inputs.forEach(signature::input);
    outputs.forEach(signature::output);
    SavedModelBundle.exporter(directory.toString()).withSession(session).withSignature(signature.build()).export();
  }
}
