namespace Nexo;

/// <summary>
/// The price of one model, in USD per million tokens (<see cref="UsageService.SetModelPriceAsync"/>). A price with a
/// <see cref="ConnectionId"/> applies to that connection's calls only and wins over the model's price without one.
/// Prices are exact decimals with at most 6 decimal places; nothing is priced until a price is set or imported.
/// </summary>
public sealed record ModelPrice
{
    /// <summary>The currency of every price and cost: <c>USD</c>.</summary>
    public const string Currency = "USD";

    /// <summary>The LLM connection the price applies to; <see langword="null"/> for the model on every connection.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>The model id, exactly as the usage records name it (the model the provider reports, else the one asked for).</summary>
    public required string Model { get; init; }

    /// <summary>USD per million input tokens that were not read from the provider's cache.</summary>
    public required decimal InputPerMillion { get; init; }

    /// <summary>USD per million output tokens (reasoning tokens too, unless <see cref="ReasoningPerMillion"/> is set).</summary>
    public required decimal OutputPerMillion { get; init; }

    /// <summary>USD per million input tokens read from the provider's cache; <see cref="InputPerMillion"/> when <see langword="null"/>.</summary>
    public decimal? CachedInputPerMillion { get; init; }

    /// <summary>USD per million reasoning tokens; <see cref="OutputPerMillion"/> when <see langword="null"/>.</summary>
    public decimal? ReasoningPerMillion { get; init; }

    /// <summary>When the price was first stored (UTC); ignored on input.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the price was last changed (UTC); ignored on input.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
