using System.Globalization;

namespace Nexo;

/// <summary>
/// Cost arithmetic of the ledger, exact in <see cref="decimal"/>: a call costs (input − cached) × input price +
/// cached × cached-input price + (output − reasoning) × output price + reasoning × reasoning price, over a million,
/// with cached tokens counted inside input tokens and reasoning tokens inside output tokens (as the providers report them).
/// Stored as whole pico-dollars (1e-12 USD), which is exact for prices with up to 6 decimal places.
/// </summary>
internal static class Costs
{
    public const int MaxPriceDecimals = 6;

    public const decimal MaxPrice = 1_000_000m;

    private const decimal PicosPerUsd = 1_000_000_000_000m;

    /// <summary>The cost of a call in pico-dollars; <see langword="null"/> when there is no price or the number does not fit.</summary>
    public static long? Picos(ModelPrice? price, long input, long cachedInput, long output, long reasoning)
    {
        if (price is null)
        {
            return null;
        }

        try
        {
            var cached = Math.Clamp(cachedInput, 0, Math.Max(input, 0));
            var thinking = Math.Clamp(reasoning, 0, Math.Max(output, 0));
            var usd =
                (((decimal)(input - cached) * price.InputPerMillion)
                + ((decimal)cached * (price.CachedInputPerMillion ?? price.InputPerMillion))
                + ((decimal)(output - thinking) * price.OutputPerMillion)
                + ((decimal)thinking * (price.ReasoningPerMillion ?? price.OutputPerMillion))) / 1_000_000m;
            return checked((long)(usd * PicosPerUsd));
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Pico-dollars as USD.</summary>
    public static decimal Usd(long picos) => picos / PicosPerUsd;

    /// <summary>USD as whole pico-dollars (rounded half to even below a pico-dollar).</summary>
    public static long ToPicos(decimal usd) => checked((long)decimal.Round(usd * PicosPerUsd, MidpointRounding.ToEven));

    /// <summary>Checks a price or budget: not negative, at most <see cref="MaxPrice"/>, at most 6 decimal places.</summary>
    public static decimal CheckPrice(decimal value, string field)
    {
        if (value < 0 || value > MaxPrice)
        {
            throw NexoException.Validation(field, $"'{field}' must be between 0 and {MaxPrice.ToString(CultureInfo.InvariantCulture)} USD.");
        }

        if (decimal.Round(value, MaxPriceDecimals) != value)
        {
            throw NexoException.Validation(field, $"'{field}' ({value.ToString(CultureInfo.InvariantCulture)}) has more than {MaxPriceDecimals} decimal places.");
        }

        return value / 1.000000000000000000000000000m; // drops trailing zeros
    }

    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
