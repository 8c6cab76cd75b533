namespace Nexo.JsonRpcServer.Hosting;

/// <summary>The <c>data</c> of every error the server sends.</summary>
public sealed record RpcErrorData
{
    /// <summary>The machine-readable kind (the SDK's <see cref="NexoErrorKind"/>).</summary>
    public required NexoErrorKind Kind { get; init; }

    /// <summary>Structured details, for example <c>field</c> for invalid parameters or <c>entity</c> and <c>id</c> for missing entities.</summary>
    public required IReadOnlyDictionary<string, object?> Details { get; init; }

    /// <summary>Creates error data.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="details">Name/value pairs.</param>
    public static RpcErrorData Of(NexoErrorKind kind, params (string Name, object? Value)[] details) =>
        new() { Kind = kind, Details = details.ToDictionary(d => d.Name, d => d.Value, StringComparer.Ordinal) };
}
