using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Nexo.JsonRpcServer.Hosting;
using StreamJsonRpc.Protocol;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>The exception → error code mapping, for failures the SDK never produces on demand through the protocol.</summary>
public sealed class ErrorMappingTests
{
    [Fact]
    public void UnexpectedException_IsInternalErrorWithASafeMessage()
    {
        var detail = NexoJsonRpc.ToErrorDetail("get_chats", new InvalidOperationException("/home/me/.secret/path exploded"), NullLogger.Instance);

        Assert.Equal(JsonRpcErrorCode.InternalError, detail.Code);
        Assert.DoesNotContain("secret", detail.Message, StringComparison.Ordinal);
        Assert.Contains("get_chats", detail.Message, StringComparison.Ordinal);
        var data = Assert.IsType<RpcErrorData>(detail.Data);
        Assert.Equal(NexoErrorKind.Internal, data.Kind);
        Assert.Equal("InvalidOperationException", data.Details["exception"]);
    }

    [Theory]
    [InlineData(NexoErrorKind.Validation, -32602)]
    [InlineData(NexoErrorKind.NotFound, -32010)]
    [InlineData(NexoErrorKind.Conflict, -32011)]
    [InlineData(NexoErrorKind.NotConfigured, -32012)]
    [InlineData(NexoErrorKind.PermissionDenied, -32013)]
    [InlineData(NexoErrorKind.Llm, -32020)]
    [InlineData(NexoErrorKind.Mcp, -32021)]
    [InlineData(NexoErrorKind.Database, -32030)]
    [InlineData(NexoErrorKind.Security, -32031)]
    [InlineData(NexoErrorKind.Cancelled, -32800)]
    [InlineData(NexoErrorKind.Internal, -32603)]
    public void SdkErrors_MapByKindToOneStableCode_KeepingTheirMessageAndDetails(NexoErrorKind kind, int code)
    {
        var exception = new NexoException(kind, "what went wrong") { Details = new Dictionary<string, object?> { ["field"] = "x" } };

        var detail = NexoJsonRpc.ToErrorDetail("m", new TargetInvocationException(exception), NullLogger.Instance);

        Assert.Equal(code, (int)detail.Code);
        Assert.Equal("what went wrong", detail.Message);
        var data = Assert.IsType<RpcErrorData>(detail.Data);
        Assert.Equal(kind, data.Kind);
        Assert.Equal("x", data.Details["field"]);
    }

    [Fact]
    public void EveryErrorKind_HasItsOwnCode()
    {
        var codes = Enum.GetValues<NexoErrorKind>().Select(Contract.RpcErrorCodes.ForKind).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
    }
}
