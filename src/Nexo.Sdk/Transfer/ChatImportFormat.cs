namespace Nexo;

/// <summary>The formats <see cref="ChatService.ImportAsync"/> reads.</summary>
public enum ChatImportFormat
{
    /// <summary>Nexo JSON as <see cref="ChatService.ExportAsync"/> writes it (<see cref="ChatExportFormat.Json"/>): one chat object, or an array of them.</summary>
    Nexo,

    /// <summary>ChatGPT's data export <c>conversations.json</c>: an array of conversations whose message trees become branches.</summary>
    ChatGpt,
}
