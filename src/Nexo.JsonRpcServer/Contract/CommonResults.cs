namespace Nexo.JsonRpcServer.Contract;

/// <summary>The result of a command that deletes several records.</summary>
public sealed record DeletedCountResult
{
    /// <summary>How many records were deleted.</summary>
    public int Deleted { get; init; }
}
