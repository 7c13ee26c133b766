package farm.colorize.launcher;

import farm.colorize.messages.OutputFormat;
import picocli.CommandLine.ITypeConverter;

public final class OutputFormatConverter implements ITypeConverter<OutputFormat> {
  @Override
  public OutputFormat convert(String value) {
    return OutputFormat.parse(value);
  }
}
