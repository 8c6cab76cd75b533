using Nexo.Cli;

// `nexo --version` answers before anything else is loaded: no command tree, no SDK, no database.
if (args is ["--version"])
{
    Console.Out.WriteLine(CliApp.Version);
    return ExitCodes.Ok;
}

if (args is ["--emit-cli-reference"])
{
    using var interrupts = new Interrupts();
    Console.Out.Write(CliReference.Generate(CliApp.Build(new CliRuntime(CliConsole.FromSystemConsole(), new GlobalOptions(), interrupts))));
    return ExitCodes.Ok;
}

return await CliApp.RunAsync(args, CliConsole.FromSystemConsole()).ConfigureAwait(false);
