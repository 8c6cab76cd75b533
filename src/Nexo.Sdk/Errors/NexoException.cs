namespace Nexo;

/// <summary>
/// The one exception family of Nexo. Every failure the SDK reports carries a machine-readable <see cref="Kind"/>
/// and a message that says what was wrong and what to do about it.
/// </summary>
public class NexoException : Exception
{
    /// <summary>Creates an exception of the given kind.</summary>
    /// <param name="kind">The machine-readable kind.</param>
    /// <param name="message">A message for people: what was wrong and what to do.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public NexoException(NexoErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>The machine-readable kind of the error.</summary>
    public NexoErrorKind Kind { get; }

    /// <summary>Optional structured details (for example the failing field or the HTTP status of a provider).</summary>
    public IReadOnlyDictionary<string, object?> Details { get; init; } = new Dictionary<string, object?>();

    /// <summary>Creates a <see cref="NexoErrorKind.NotFound"/> error for an entity.</summary>
    /// <param name="entity">The entity type, for example <c>chat</c>.</param>
    /// <param name="id">The id that was looked up.</param>
    public static NexoException NotFound(string entity, string id) =>
        new(NexoErrorKind.NotFound, $"The {entity} '{id}' does not exist.")
        {
            Details = new Dictionary<string, object?> { ["entity"] = entity, ["id"] = id },
        };

    /// <summary>Creates a <see cref="NexoErrorKind.Validation"/> error for one input field.</summary>
    /// <param name="field">The name of the invalid input, in camelCase as the hosts spell it.</param>
    /// <param name="message">What is wrong with it.</param>
    public static NexoException Validation(string field, string message) =>
        new(NexoErrorKind.Validation, message)
        {
            Details = new Dictionary<string, object?> { ["field"] = field },
        };

    /// <summary>Creates a <see cref="NexoErrorKind.Conflict"/> error.</summary>
    /// <param name="message">What conflicts.</param>
    public static NexoException Conflict(string message) => new(NexoErrorKind.Conflict, message);
}
