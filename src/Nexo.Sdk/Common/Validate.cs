namespace Nexo;

/// <summary>Input checks shared by the services; each failure is a <see cref="NexoErrorKind.Validation"/> error naming the field.</summary>
internal static class Validate
{
    public const int MaxNameLength = 200;

    public static string Name(string? value, string field = "name")
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw NexoException.Validation(field, $"The {field} must not be empty.");
        }

        if (trimmed.Length > MaxNameLength)
        {
            throw NexoException.Validation(field, $"The {field} must be at most {MaxNameLength} characters (got {trimmed.Length}).");
        }

        if (trimmed.Any(char.IsControl))
        {
            throw NexoException.Validation(field, $"The {field} must not contain control characters.");
        }

        return trimmed;
    }

    public static string Id(string? value, string field = "id")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw NexoException.Validation(field, $"The {field} must not be empty.");
        }

        if (value.Length > 200 || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw NexoException.Validation(field, $"The {field} '{value}' is not a valid id (1 to 200 characters, no spaces or control characters).");
        }

        return value;
    }

    public static string HttpUrl(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw NexoException.Validation(field, $"The {field} '{value}' is not an absolute http or https URL.");
        }

        return value.Trim().TrimEnd('/');
    }

    public static int Range(int value, int min, int max, string field)
    {
        if (value < min || value > max)
        {
            throw NexoException.Validation(field, $"The {field} must be between {min} and {max} (got {value}).");
        }

        return value;
    }

    public static double Range(double value, double min, double max, string field)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            throw NexoException.Validation(field, $"The {field} must be between {min} and {max} (got {value}).");
        }

        return value;
    }

    public static IReadOnlyDictionary<string, string> Headers(IReadOnlyDictionary<string, string>? headers, string field)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => c <= ' ' || c >= 127 || c == ':'))
            {
                throw NexoException.Validation(field, $"'{name}' is not a valid HTTP header name.");
            }

            if (value is null || value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
            {
                throw NexoException.Validation(field, $"The value of header '{name}' must be one line of text.");
            }

            result[name] = value;
        }

        return result;
    }

    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
