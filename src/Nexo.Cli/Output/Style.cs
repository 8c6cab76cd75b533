namespace Nexo.Cli.Output;

/// <summary>ANSI styling for one output stream; every method returns the text unchanged when colour is off.</summary>
public sealed class Style
{
    /// <summary>A style that never adds escape codes.</summary>
    public static readonly Style Plain = new(false);

    /// <summary>Creates a style.</summary>
    /// <param name="enabled">Whether escape codes are written.</param>
    public Style(bool enabled) => Enabled = enabled;

    /// <summary>Whether escape codes are written.</summary>
    public bool Enabled { get; }

    /// <summary>Bold text.</summary>
    /// <param name="text">The text.</param>
    public string Bold(string text) => Wrap("1", text);

    /// <summary>Dimmed text.</summary>
    /// <param name="text">The text.</param>
    public string Dim(string text) => Wrap("2", text);

    /// <summary>Red text.</summary>
    /// <param name="text">The text.</param>
    public string Red(string text) => Wrap("31", text);

    /// <summary>Green text.</summary>
    /// <param name="text">The text.</param>
    public string Green(string text) => Wrap("32", text);

    /// <summary>Yellow text.</summary>
    /// <param name="text">The text.</param>
    public string Yellow(string text) => Wrap("33", text);

    /// <summary>Cyan text.</summary>
    /// <param name="text">The text.</param>
    public string Cyan(string text) => Wrap("36", text);

    /// <summary>The escape code that starts dimmed text (empty when colour is off).</summary>
    public string DimStart => Enabled ? "\u001b[2m" : string.Empty;

    /// <summary>The escape code that resets styling (empty when colour is off).</summary>
    public string Reset => Enabled ? "\u001b[0m" : string.Empty;

    private string Wrap(string code, string text) => Enabled && text.Length > 0 ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
