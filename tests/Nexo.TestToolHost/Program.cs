using System.ComponentModel;
using Microsoft.Extensions.AI;
using Nexo;
using Nexo.Cli;

// What a program that embeds `nexo` writes to give the model its own C# tool: the same command line, the same
// JSON-RPC host (`serve`) and ACP agent (`acp`), one more tool in NexoOptions.Tools.
var weather = AIFunctionFactory.Create(
    ([Description("The city")] string city) => $"Sunny in {city}",
    "weather",
    "Tells the weather of a city");
return await CliApp.RunAsync(args, CliConsole.FromSystemConsole(), o => o.Tools.Add(weather)).ConfigureAwait(false);
