using System.Text;

namespace Nexo.Sdk.Tests.Llm;

public sealed class ReasoningFieldAliasTests
{
    [Fact]
    public async Task EventStream_RenamesReasoningInDataLines_EvenWhenLinesArriveByteByByte()
    {
        const string input =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"th\\\"ink\"}}]}\r\n\r\n" +
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"the word \\\"reasoning\\\": stays\"}}]}\n\n" +
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"a\",\"reasoning_content\":\"a\"}}]}\n\n" +
            ": comment with \"reasoning\"\n" +
            "data: [DONE]";
        using var stream = ReasoningFieldAlias.WrapEventStream(new TrickleStream(Encoding.UTF8.GetBytes(input)));
        using var reader = new StreamReader(stream, Encoding.UTF8);

        var output = await reader.ReadToEndAsync();

        Assert.Equal(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"th\\u0022ink\"}}]}\r\n\r\n" +
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"the word \\\"reasoning\\\": stays\"}}]}\n\n" +
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"a\",\"reasoning_content\":\"a\"}}]}\n\n" +
            ": comment with \"reasoning\"\n" +
            "data: [DONE]",
            output);
    }

    [Fact]
    public void Rewrite_LeavesOtherShapesAlone()
    {
        Assert.Null(ReasoningFieldAlias.Rewrite("{\"reasoning\":\"top level\"}"));
        Assert.Null(ReasoningFieldAlias.Rewrite("{\"choices\":[{\"message\":{\"reasoning\":{\"effort\":\"high\"}}}]}"));
        Assert.Null(ReasoningFieldAlias.Rewrite("not json"));
        Assert.Equal(
            "{\"choices\":[{\"message\":{\"content\":\"x\",\"reasoning_content\":\"why\"}}]}",
            ReasoningFieldAlias.Rewrite("{\"choices\":[{\"message\":{\"reasoning\":\"why\",\"content\":\"x\"}}]}"));
    }

    /// <summary>Returns one byte per read, like a slow network.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}
