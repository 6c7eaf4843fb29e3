using System.CommandLine;

namespace CodatAlerts.Simulator.Cli;

/// <summary>The <c>codat-sim</c> command line: <c>send</c> and <c>listen</c>.</summary>
internal static class SimulatorCommand
{
    public static RootCommand Create(TimeProvider clock) =>
        new("codat-sim: sends Codat webhook alerts exactly as Codat does (legacy or signed delivery), and receives them.")
        {
            new SendCommand(clock),
            new ListenCommand(),
        };
}
