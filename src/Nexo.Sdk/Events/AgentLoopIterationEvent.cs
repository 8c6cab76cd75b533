namespace Nexo;

/// <summary><c>agent-loop-iteration</c>: the agent loop makes another model call.</summary>
public sealed record AgentLoopIterationEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.AgentLoopIteration;

    /// <summary>The 1-based number of this model call in the turn.</summary>
    public int Iteration { get; init; }

    /// <summary>The maximum number of model calls in a turn.</summary>
    public int MaxIterations { get; init; }

    /// <summary>Whether the previous model call asked for tools.</summary>
    public bool HasToolCalls { get; init; }
}
