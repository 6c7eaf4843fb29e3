using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CodatAlerts.Simulator.Delivery;
using CodatAlerts.Simulator.Listening;
using CodatAlerts.Simulator.Output;

namespace CodatAlerts.Simulator.Cli;

/// <summary><c>codat-sim listen</c>: a tiny receiver that prints what it gets, for checking the sender by hand.</summary>
internal sealed class ListenCommand : Command
{
    private readonly Option<int> _port = new("--port", "-p")
    {
        CustomParser = OptionRules.Number<int>(port => port is >= 1 and <= 65535, "--port must be from 1 to 65535."),
        Description = "The port to listen on.",
        DefaultValueFactory = _ => 5005,
    };

    private readonly Option<string> _host = new("--host")
    {
        Description = "The host name to listen on; + for every interface.",
        DefaultValueFactory = _ => "localhost",
    };

    private readonly Option<int> _status = new("--status")
    {
        CustomParser = OptionRules.Number<int>(status => status is >= 100 and <= 599, "--status must be an HTTP status from 100 to 599."),
        Description = "The status to answer every request with, e.g. 503 to watch the sender retry.",
        DefaultValueFactory = _ => 202,
    };

    private readonly Option<string> _signingSecret = new("--signing-secret")
    {
        Description = "Check each request's webhook-signature against this secret (whsec_...).",
    };

    private readonly Option<bool> _brief = new("--brief")
    {
        Description = "One line per request instead of headers and body (for load runs).",
    };

    public ListenCommand()
        : base("listen", "Receive alerts and print them (Authorization and signatures masked), answering 202 or --status.")
    {
        Options.Add(_port);
        Options.Add(_host);
        Options.Add(_status);
        Options.Add(_signingSecret);
        Options.Add(_brief);
        _signingSecret.Must(StandardWebhookSigner.IsValidSecret, StandardWebhookSigner.SecretFormat);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var invocation = parse.InvocationConfiguration;
        var settings = new ListenerSettings(
            string.Create(CultureInfo.InvariantCulture, $"http://{parse.GetRequiredValue(_host)}:{parse.GetValue(_port)}/"),
            parse.GetValue(_status),
            parse.GetValue(_signingSecret) is { } secret ? new StandardWebhookSigner(secret) : null,
            parse.GetValue(_brief));
        await new AlertListener(settings, new ConsoleOutput(invocation.Output, invocation.Error)).RunAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
