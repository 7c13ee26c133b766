package farm.colorize.cli;

import farm.colorize.messages.OutputFormat;
import picocli.CommandLine.ITypeConverter;

final class OutputFormatConverter implements ITypeConverter<OutputFormat> {
  @Override
  public OutputFormat convert(String value) {
    return OutputFormat.parse(value);
  }
}
