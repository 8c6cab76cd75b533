using System.Text.Json;

namespace Nexo.Transfer;

/// <summary>Import errors: one Validation error (field <c>content</c>) naming the JSON path of the first problem.</summary>
internal static class ImportErrors
{
    public static NexoException At(string path, string problem) => NexoException.Validation("content", $"{path}: {problem}");

    public static JsonDocument Parse(string content)
    {
        try
        {
            return JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            throw At("$", $"not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} of the line)");
        }
    }

    /// <summary>Puts a serializer path (<c>$.chat.id</c>) under the path of the element it was read from.</summary>
    public static string Join(string at, string? path) =>
        path is null || path == "$" ? at : at + path[1..];

    public static string Detail(JsonException ex) => ex.Message.Split(" Path:", 2)[0].TrimEnd();
}
