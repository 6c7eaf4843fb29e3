namespace CodatAlerts.Simulator.Cli;

/// <summary>The tool's exit codes, so a smoke test in a pipeline can fail on lost alerts.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Invalid command line (System.CommandLine's own code for parse and validation errors).</summary>
    public const int Usage = 1;

    /// <summary>The run finished but at least one alert was lost for good.</summary>
    public const int AlertsLost = 2;

    /// <summary>Stopped by Ctrl+C; the report covers what was sent until then.</summary>
    public const int Interrupted = 130;
}
