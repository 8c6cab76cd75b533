using System.Text;
using System.Text.RegularExpressions;
using Nexo.BuiltinTools;

namespace Nexo.Sdk.Tests.BuiltinTools;

/// <summary>The literal search_text looks for in raw bytes before decoding a file: only ever one every match contains.</summary>
public sealed class RequiredLiteralTests
{
    [Theory]
    [InlineData("NEEDLE_7Q", false, "NEEDLE_7Q")]
    [InlineData(@"\bTODO\([a-z]+\): fix [0-9]+", false, "): fix ")]
    [InlineData("colou?r name", false, "r name")]
    [InlineData("abc*def", false, "def")]
    [InlineData(@"(foo)+barbaz", false, "barbaz")]
    [InlineData(@"\.csproj$", false, ".csproj")]
    [InlineData("x{2}yzw", false, "yzw")]
    [InlineData("needle_7q", true, "needle_7q")]
    [InlineData("a|bcdef", false, null)]
    [InlineData("(?i)needle", false, null)]
    [InlineData("ab", false, null)]
    [InlineData(@"\w+\d+", false, null)]
    [InlineData("mask", true, null)] // 'k' also matches the Kelvin sign under IgnoreCase
    [InlineData("naïve", true, null)]
    public void Of_FindsTheLongestSureLiteral(string pattern, bool ignoreCase, string? expected) =>
        Assert.Equal(expected, RequiredLiteral.Of(pattern, ignoreCase)?.Text);

    [Fact]
    public void IsIn_NeverRulesOutAFileTheRegexMatches()
    {
        var random = new Random(7);
        string[] patterns = ["NEEDLE", "needle_x", "fo+bar", "colou?r", @"\bend\(\)", "a[bc]def", "x.yz", @"TODO\(me\)", "(ab)*cde"];
        string[] pieces = ["NEEDLE", "needle_X", "Needle_x", "foobar", "fobar", "color", "colour", "end()", "abdef", "acdef", "xqyz", "TODO(me)", "ababcde", "cde", " ", "\n", "é", "\uFFFD"];
        foreach (var pattern in patterns)
        {
            foreach (var ignoreCase in new[] { false, true })
            {
                var literal = RequiredLiteral.Of(pattern, ignoreCase);
                var regex = new Regex(pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
                for (var i = 0; i < 300; i++)
                {
                    var text = string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => pieces[random.Next(pieces.Length)]));
                    if (regex.IsMatch(text))
                    {
                        Assert.True(literal is null || literal.IsIn(Encoding.UTF8.GetBytes(text)), $"/{pattern}/ matches '{text}' but the literal '{literal?.Text}' was not found");
                    }
                }
            }
        }
    }
}
