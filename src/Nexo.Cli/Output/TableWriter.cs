using System.Globalization;
using System.Text;

namespace Nexo.Cli.Output;

/// <summary>
/// Writes rows as aligned columns separated by two spaces, with a header. On a terminal the header is bold and the
/// widest flexible column is shortened with an ellipsis to fit the width; elsewhere every value is written whole.
/// </summary>
public sealed class TableWriter
{
    private readonly List<Column> _columns = [];
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a column.</summary>
    /// <param name="header">The header text.</param>
    /// <param name="flexible">Whether the column may be shortened to fit the terminal.</param>
    /// <param name="alignRight">Whether values are right-aligned (numbers).</param>
    /// <returns>This writer.</returns>
    public TableWriter AddColumn(string header, bool flexible = false, bool alignRight = false)
    {
        if (_rows.Count > 0)
        {
            throw new InvalidOperationException("Add every column before the first row.");
        }

        _columns.Add(new Column(header, flexible, alignRight));
        return this;
    }

    /// <summary>The number of rows added.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Adds a row; <see langword="null"/> values are written as empty.</summary>
    /// <param name="values">One value per column.</param>
    /// <returns>This writer.</returns>
    public TableWriter AddRow(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != _columns.Count)
        {
            throw new ArgumentException($"Expected {_columns.Count} values, got {values.Length}.", nameof(values));
        }

        _rows.Add(values.Select(Cell).ToArray());
        return this;
    }

    /// <summary>Writes the table.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="style">The styling of that stream.</param>
    /// <param name="maxWidth">The terminal width to fit, or <see langword="null"/> for no limit.</param>
    public void Write(TextWriter writer, Style style, int? maxWidth)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(style);
        var widths = _columns.Select((c, i) => Math.Max(c.Header.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        if (maxWidth is { } max)
        {
            Fit(widths, max);
        }

        var header = new StringBuilder();
        for (var i = 0; i < _columns.Count; i++)
        {
            AppendCell(header, _columns[i].Header, widths[i], _columns[i].AlignRight, last: i == _columns.Count - 1);
        }

        writer.WriteLine(style.Bold(header.ToString().TrimEnd()));
        foreach (var row in _rows)
        {
            var line = new StringBuilder();
            for (var i = 0; i < _columns.Count; i++)
            {
                AppendCell(line, Shorten(row[i], widths[i]), widths[i], _columns[i].AlignRight, last: i == _columns.Count - 1);
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }
    }

    private void Fit(int[] widths, int max)
    {
        const int MinFlexible = 12;
        var total = widths.Sum() + (2 * (widths.Length - 1));
        while (total > max)
        {
            var candidate = -1;
            for (var i = 0; i < widths.Length; i++)
            {
                if (_columns[i].Flexible && widths[i] > MinFlexible && (candidate < 0 || widths[i] > widths[candidate]))
                {
                    candidate = i;
                }
            }

            if (candidate < 0)
            {
                return;
            }

            var cut = Math.Min(total - max, widths[candidate] - MinFlexible);
            widths[candidate] -= cut;
            total -= cut;
        }
    }

    private static void AppendCell(StringBuilder line, string value, int width, bool alignRight, bool last)
    {
        if (alignRight)
        {
            line.Append(value.PadLeft(width));
        }
        else
        {
            line.Append(last ? value : value.PadRight(width));
        }

        if (!last)
        {
            line.Append("  ");
        }
    }

    private static string Shorten(string value, int width) =>
        value.Length <= width ? value : string.Concat(value.AsSpan(0, Math.Max(0, width - 1)), "…");

    private static string Cell(object? value)
    {
        var text = value switch
        {
            null => string.Empty,
            string s => s,
            bool b => b ? "yes" : "no",
            DateTimeOffset d => Formats.Time(d),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

        // One row is one line: flatten line breaks and tabs.
        return Formats.OneLine(text);
    }

    private sealed record Column(string Header, bool Flexible, bool AlignRight);
}
