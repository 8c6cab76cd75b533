using System.CommandLine;

namespace Nexo.Cli.Commands;

/// <summary>
/// <c>nexo completion bash|zsh|fish|pwsh</c>: prints a shell script that completes <c>nexo</c> command lines by asking
/// <c>nexo</c> itself through System.CommandLine's <c>[suggest:POSITION]</c> directive.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # nexo completion for bash: add to ~/.bashrc:  source <(nexo completion bash)
        _nexo_complete() {
          local IFS=$'\n'
          local suggestions
          suggestions=$(nexo "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
          COMPREPLY=( $(compgen -W "${suggestions}" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _nexo_complete nexo
        """;

    private const string Zsh = """
        # nexo completion for zsh: add to ~/.zshrc:  source <(nexo completion zsh)
        _nexo_complete() {
          local -a suggestions
          local line="${words[*]}"
          suggestions=("${(@f)$(nexo "[suggest:${#line}]" "${line}" 2>/dev/null)}")
          compadd -- "${suggestions[@]}"
        }
        compdef _nexo_complete nexo
        """;

    private const string Fish = """
        # nexo completion for fish: nexo completion fish > ~/.config/fish/completions/nexo.fish
        complete -c nexo -f -a '(set -l line (commandline -cp); nexo "[suggest:"(string length -- $line)"]" "$line" 2>/dev/null)'
        """;

    private const string PowerShell = """
        # nexo completion for PowerShell: add to $PROFILE:  nexo completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName nexo -ScriptBlock {
          param($wordToComplete, $commandAst, $cursorPosition)
          nexo "[suggest:$cursorPosition]" "$commandAst" 2>$null | ForEach-Object {
            [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
          }
        }
        """;

    public static Command Create(CliRuntime runtime)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh, fish or pwsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish", "pwsh", "powershell");
        var command = new Command("completion", "Print a shell completion script (e.g. source <(nexo completion bash))") { shell };
        runtime.SetAction(command, (ctx, ct) =>
        {
            var script = ctx.Get(shell) switch
            {
                "bash" => Bash,
                "zsh" => Zsh,
                "fish" => Fish,
                _ => PowerShell,
            };
            ctx.Console.Out.WriteLine(script);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
