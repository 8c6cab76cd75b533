using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Nexo.TestMcpServer;

/// <summary>The resources of the test server: a text note, a PNG image, binary data, and a greeting template.</summary>
[McpServerResourceType]
public sealed class TestResources
{
    /// <summary>The note's text.</summary>
    public const string NoteText = "# Test notes\nThe secret word is aubergine.";

    // A tiny valid PNG (1x1, transparent).
    private const string PixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    [McpServerResource(UriTemplate = "test://notes/readme", Name = "readme", MimeType = "text/markdown"), Description("A short note.")]
    public static string Note() => NoteText;

    [McpServerResource(UriTemplate = "test://images/pixel.png", Name = "pixel", MimeType = "image/png"), Description("A 1x1 PNG image.")]
    public static ResourceContents Pixel() => BlobResourceContents.FromBytes(Convert.FromBase64String(PixelPng), "test://images/pixel.png", "image/png");

    [McpServerResource(UriTemplate = "test://data/blob.bin", Name = "blob", MimeType = "application/octet-stream"), Description("Four bytes of binary data.")]
    public static ResourceContents Blob() => BlobResourceContents.FromBytes(new byte[] { 0, 1, 2, 255 }, "test://data/blob.bin", "application/octet-stream");

    [McpServerResource(UriTemplate = "test://greetings/{name}", Name = "greeting", MimeType = "text/plain"), Description("A greeting for a name.")]
    public static string Greeting(string name) => $"Hello, {name}!";
}
