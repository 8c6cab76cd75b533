namespace Nexo.Testing;

/// <summary>One piece of a streamed answer as it goes on the wire.</summary>
/// <param name="Text">The exact bytes (as text) to write, for example <c>data: {…}\n\n</c>.</param>
/// <param name="Chunk">The index of the scripted chunk this frame belongs to, or <see langword="null"/> for framing.</param>
/// <param name="Delay">The wait before the first frame of the chunk.</param>
public sealed record FakeFrame(string Text, int? Chunk = null, TimeSpan Delay = default);
