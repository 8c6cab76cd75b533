namespace Nexo;

/// <summary>
/// The MCP elicitation modes the host application's faces can answer (<see cref="NexoOptions.McpElicitation"/>,
/// <see cref="McpHost.ElicitationModes"/>). Nexo advertises the MCP client capability <c>elicitation</c> with exactly these
/// modes, and none at all for <see cref="None"/>: a server then sees that nobody can answer its questions.
/// </summary>
[Flags]
public enum McpElicitationModes
{
    /// <summary>No face can answer: the capability is not advertised (the default).</summary>
    None = 0,

    /// <summary>Form mode: the user fills in the fields of the server's schema, and the answer goes back to the server.</summary>
    Form = 1,

    /// <summary>URL mode: the user is shown a URL to open (for example to sign in); only the decision goes back to the server.</summary>
    Url = 2,
}
