namespace Nexo.Cli;

/// <summary>A mistake on the command line found by a command itself (exit code 2), like two options that exclude each other.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The one place that turns failures into the one-line <c>error[Kind]: message</c> on stderr and an exit code.
/// </summary>
public static class CliErrors
{
    /// <summary>Writes the error line for <paramref name="exception"/> and returns the exit code.</summary>
    /// <param name="console">The console.</param>
    /// <param name="exception">The failure.</param>
    public static int Report(CliConsole console, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(console);
        switch (exception)
        {
            case NexoException nexo:
                Write(console, nexo.Kind.ToString(), nexo.Message);
                return ExitCodes.For(nexo.Kind);
            case UsageException usage:
                Write(console, "Usage", usage.Message);
                return ExitCodes.Usage;
            case OperationCanceledException:
                Write(console, nameof(NexoErrorKind.Cancelled), "Cancelled.");
                return ExitCodes.Cancelled;
            case IOException io:
                Write(console, "IO", io.Message);
                return ExitCodes.Error;
            case UnauthorizedAccessException access:
                Write(console, "IO", access.Message);
                return ExitCodes.Error;
            default:
                Write(console, nameof(NexoErrorKind.Internal), $"{exception.GetType().Name}: {exception.Message}");
                return ExitCodes.Error;
        }
    }

    /// <summary>Writes <c>error[kind]: message</c> (one line) on stderr.</summary>
    /// <param name="console">The console.</param>
    /// <param name="kind">The kind, for example <c>NotFound</c>.</param>
    /// <param name="message">The message; line breaks are flattened.</param>
    public static void Write(CliConsole console, string kind, string message)
    {
        ArgumentNullException.ThrowIfNull(console);
        var oneLine = string.Join(' ', (message ?? string.Empty).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        console.Error.WriteLine(console.ErrorStyle.Red($"error[{kind}]:") + " " + oneLine);
    }
}
