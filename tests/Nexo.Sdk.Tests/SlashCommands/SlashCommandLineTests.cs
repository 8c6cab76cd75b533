namespace Nexo.Sdk.Tests.SlashCommands;

public sealed class SlashCommandLineTests
{
    private static readonly SlashCommand Weather = Command("weather", ("city", true), ("state", false));

    [Theory]
    [InlineData("/args-prompt Paris", true, "args-prompt", "Paris")]
    [InlineData("  /simple  ", true, "simple", "")]
    [InlineData("/srv:prompt a b", true, "srv:prompt", "a b")]
    [InlineData("hello /there", false, "", "")]
    [InlineData("/ spaced", false, "", "")]
    [InlineData("//escaped", false, "", "")]
    [InlineData("/", false, "", "")]
    public void TryParse_SplitsTheCommandWordFromItsArguments(string text, bool parsed, string name, string rest)
    {
        Assert.Equal(parsed, SlashCommandLine.TryParse(text, out var actualName, out var actualRest));
        Assert.Equal(name, actualName);
        Assert.Equal(rest, actualRest);
    }

    [Fact]
    public void PositionalWords_FillTheArgumentsInOrder()
    {
        Assert.Equal(Map(("city", "Paris"), ("state", "TX")), SlashCommandLine.BindArguments(Weather, "Paris TX"));
        Assert.Equal(Map(("city", "New York"), ("state", "NY")), SlashCommandLine.BindArguments(Weather, "\"New York\" NY"));
        Assert.Equal(Map(("city", "Paris")), SlashCommandLine.BindArguments(Weather, "Paris"));
    }

    [Fact]
    public void NamedValues_SetTheirArgument_AndPositionalWordsFillTheRest()
    {
        Assert.Equal(Map(("city", "Austin"), ("state", "TX")), SlashCommandLine.BindArguments(Weather, "state=TX Austin"));
        Assert.Equal(Map(("city", "San Antonio"), ("state", "TX")), SlashCommandLine.BindArguments(Weather, "city=\"San Antonio\" state='TX'"));
    }

    [Fact]
    public void TheLastArgument_TakesTheRestOfTheLine_AsTyped()
    {
        var review = Command("review", ("focus", true));

        Assert.Equal(Map(("focus", "don't break   the parser\nplease")), SlashCommandLine.BindArguments(review, "don't break   the parser\nplease"));
        Assert.Equal(Map(("city", "Paris"), ("state", "Ile de France")), SlashCommandLine.BindArguments(Weather, "Paris Ile de France"));
        Assert.Equal(Map(("focus", "x=1 and y")), SlashCommandLine.BindArguments(review, "x=1 and y"));
    }

    [Fact]
    public void WordsForACommandWithoutArguments_OrBeyondNamedOnes_AreValidationErrors()
    {
        var none = Command("simple");

        Assert.Empty(SlashCommandLine.BindArguments(none, string.Empty));
        var ex = Assert.Throws<NexoException>(() => SlashCommandLine.BindArguments(none, "extra"));
        Assert.Equal(NexoErrorKind.Validation, ex.Kind);
        Assert.Contains("takes no arguments", ex.Message, StringComparison.Ordinal);
        Assert.Equal(NexoErrorKind.Validation, Assert.Throws<NexoException>(() => SlashCommandLine.BindArguments(Weather, "city=a state=b c")).Kind);
    }

    private static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    private static SlashCommand Command(string name, params (string Name, bool Required)[] arguments) => new()
    {
        Name = name,
        QualifiedName = name,
        Description = name,
        Source = SlashCommandSource.Template,
        PromptName = name,
        Arguments = arguments.Select(a => new SlashCommandArgument { Name = a.Name, Required = a.Required }).ToList(),
    };
}
