using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net.Http.Headers;
using System.Reflection;
using CodatAlerts.Simulator.Alerts;
using CodatAlerts.Simulator.Delivery;
using CodatAlerts.Simulator.Load;
using CodatAlerts.Simulator.Output;
using CodatAlerts.Simulator.Reporting;

namespace CodatAlerts.Simulator.Cli;

/// <summary><c>codat-sim send</c>: builds alerts from Codat's examples and delivers them as Codat does.</summary>
internal sealed class SendCommand : Command
{
    private readonly TimeProvider _clock;

    private readonly Option<Uri> _url = new("--url")
    {
        Description = "The receiver's endpoint, e.g. http://localhost:7071/api/alerts.",
        Required = true,
        CustomParser = ParseUrl,
    };

    private readonly Option<DeliveryMode> _mode = new("--mode")
    {
        CustomParser = OptionRules.Enum<DeliveryMode>("--mode"),
        Description = "Codat's delivery service to behave as: Legacy (X-Codat-ClientId, Authorization, 3 retries in 2 min on "
            + "408/420/429/460/502/503/504/522/524) or Signed (Standard Webhooks signature, 15 s to answer, any non-2xx retried "
            + "over about 28 h).",
        DefaultValueFactory = _ => DeliveryMode.Legacy,
    };

    private readonly Option<int?> _count = new("--count", "-n")
    {
        CustomParser = OptionRules.OptionalNumber<int>(count => count >= 1, "--count must be at least 1."),
        Description = "Alerts to send, deliberate duplicates included. Default: one per selected rule type.",
    };

    private readonly Option<double?> _rate = new("--rate")
    {
        CustomParser = OptionRules.OptionalNumber<double>(rate => rate > 0, "--rate must be more than 0 alerts per second."),
        Description = "New alerts per second (retries come on top). Default: as fast as the concurrency allows.",
    };

    private readonly Option<int> _concurrency = new("--concurrency", "-c")
    {
        CustomParser = OptionRules.Number<int>(concurrency => concurrency >= 1, "--concurrency must be at least 1."),
        Description = "Requests in flight at once.",
        DefaultValueFactory = _ => 4,
    };

    private readonly Option<int> _clients = new("--clients")
    {
        CustomParser = OptionRules.Number<int>(clients => clients >= 1, "--clients must be at least 1."),
        Description = "Distinct Codat client IDs to spread the alerts over: --client-id, then IDs derived from their position "
            + "(the same on every run).",
        DefaultValueFactory = _ => 1,
    };

    private readonly Option<string> _clientId = new("--client-id")
    {
        Description = "The (first) Codat client ID, sent as X-Codat-ClientId and as ClientId in legacy bodies.",
        DefaultValueFactory = _ => ClientIds.Default,
    };

    private readonly Option<double> _duplicates = new("--duplicates")
    {
        CustomParser = OptionRules.Number<double>(share => share is >= 0 and < 1, "--duplicates is a share from 0 up to (not including) 1."),
        Description = "Share of alerts (0 to <1) that repeat an earlier alert byte for byte, with its webhook-id in signed mode, "
            + "as a Codat redelivery does.",
        DefaultValueFactory = _ => 0,
    };

    private readonly Option<string[]> _ruleTypes = new("--rule-type")
    {
        Description = "Send only these rule types (repeatable): a RuleType or eventType such as \"Data sync completed\" or "
            + "read.completed, or a sample name such as 03-data-sync-completed. Default: every legacy rule type and event type.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<string> _bearer = new("--bearer")
    {
        Description = "Send Authorization: Bearer <token>.",
    };

    private readonly Option<string> _basic = new("--basic")
    {
        Description = "Send Authorization: Basic base64(user:pass); give user:pass.",
    };

    private readonly Option<string> _signingSecret = new("--signing-secret")
    {
        Description = "Signed mode: the endpoint secret (whsec_...) to sign with. Required with --mode Signed.",
    };

    private readonly Option<string[]> _clientSecrets = new("--client-secret")
    {
        Description = "Signed mode: a client and its own endpoint secret, as <client-id>=whsec_... (repeatable). The run's "
            + "alerts are spread over these clients, each signed with its client's secret; with --no-client-header the "
            + "receiver must tell them apart by their signature.",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<bool> _noClientHeader = new("--no-client-header")
    {
        Description = "Signed mode: leave out the X-Codat-ClientId custom header, as a consumer set up without it.",
    };

    private readonly Option<double> _timeScale = new("--time-scale")
    {
        CustomParser = OptionRules.Number<double>(factor => factor is > 0 and <= 1, "--time-scale must be more than 0 and at most 1."),
        Description = "Compress the waits between attempts by this factor (0 < f <= 1), e.g. 0.001 makes 28 h about 100 s. "
            + "Attempt timeouts are not compressed.",
        DefaultValueFactory = _ => 1,
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print the final report as JSON.",
    };

    public SendCommand(TimeProvider clock)
        : base("send", "Send alerts built from Codat's published examples, each with a fresh id, and report what happened.")
    {
        _clock = clock;
        Options.Add(_url);
        Options.Add(_mode);
        Options.Add(_count);
        Options.Add(_rate);
        Options.Add(_concurrency);
        Options.Add(_clients);
        Options.Add(_clientId);
        Options.Add(_duplicates);
        Options.Add(_ruleTypes);
        Options.Add(_bearer);
        Options.Add(_basic);
        Options.Add(_signingSecret);
        Options.Add(_clientSecrets);
        Options.Add(_noClientHeader);
        Options.Add(_timeScale);
        Options.Add(_json);
        _clientId.Must(clientId => !string.IsNullOrWhiteSpace(clientId), "--client-id must not be empty.");
        _basic.Must(basic => basic.Contains(':', StringComparison.Ordinal), "--basic takes user:pass.");
        _signingSecret.Must(StandardWebhookSigner.IsValidSecret, StandardWebhookSigner.SecretFormat);
        _clientSecrets.Validators.Add(ClientSecrets.Validate);
        Validators.Add(Validate);
        SetAction(RunAsync);
    }

    private void Validate(CommandResult command)
    {
        ValidateCredentials(command);

        if (SampleCatalog.Unknown(command.ValueOrDefault(_ruleTypes) ?? []) is { Count: > 0 } unknown)
        {
            command.AddError(SampleCatalog.DescribeUnknown(unknown));
        }
    }

    private void ValidateCredentials(CommandResult command)
    {
        if (command.ValueOrDefault(_bearer) is not null && command.ValueOrDefault(_basic) is not null)
        {
            command.AddError("Give --bearer or --basic, not both: Codat sends one Authorization header.");
        }

        var signed = command.EnumOrNone(_mode) == DeliveryMode.Signed;
        var secret = command.ValueOrDefault(_signingSecret);
        var clientSecrets = command.ValueOrDefault(_clientSecrets) is { Length: > 0 };
        if (signed && secret is null && !clientSecrets)
        {
            command.AddError("--mode Signed needs --signing-secret whsec_... or one --client-secret <client-id>=whsec_... per client.");
        }
        else if (!signed && (secret is not null || clientSecrets || command.IsSet(_noClientHeader)))
        {
            command.AddError("--signing-secret, --client-secret and --no-client-header apply to --mode Signed only; the legacy service signs nothing.");
        }

        if (clientSecrets && (secret is not null || command.GetResult(_clients) is { Implicit: false } || command.ValueOrDefault(_clientId) is not null))
        {
            command.AddError("--client-secret names the clients and their secrets; leave out --signing-secret, --clients and --client-id.");
        }
    }

    private static Uri? ParseUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError("--url must be an absolute http:// or https:// URL.");
        return null;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var invocation = parse.InvocationConfiguration;
        var output = new ConsoleOutput(invocation.Output, invocation.Error);
        var samples = SampleCatalog.Select(parse.GetValue(_ruleTypes) ?? []);
        var settings = new SenderSettings(
            parse.GetRequiredValue(_url),
            parse.GetValue(_mode),
            Credentials(parse),
            new TimeScale(parse.GetValue(_timeScale)),
            SendClientIdHeader: !parse.GetValue(_noClientHeader));
        var concurrency = parse.GetValue(_concurrency);
        var rate = parse.GetValue(_rate);
        var count = parse.GetValue(_count) ?? samples.Count;
        var clientSecrets = ClientSecrets.Parse(parse.GetValue(_clientSecrets) ?? []);
        var clients = clientSecrets.Count > 0
            ? [.. clientSecrets.Keys]
            : ClientIds.Create(parse.GetRequiredValue(_clientId), parse.GetValue(_clients));
        var alerts = new AlertFactory(samples, clients, parse.GetValue(_duplicates), _clock, Random.Shared);

        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("codat-sim", Version));
        using var slots = new RequestSlots(concurrency);
        var statistics = new RunStatistics();
        var run = new SendRun(new AlertSender(http, settings, slots, statistics, _clock), slots, statistics, _clock);

        // Progress only on an interactive terminal: a redirected stream would fill with carriage-return redraws.
        var showProgress = ReferenceEquals(invocation.Error, Console.Error) && !Console.IsErrorRedirected;
        using var stopProgress = new CancellationTokenSource();
        var progress = showProgress
            ? new ProgressDisplay(output, statistics, slots, count, _clock).RunAsync(stopProgress.Token)
            : Task.CompletedTask;

        var started = _clock.GetTimestamp();
        var interrupted = false;
        try
        {
            await run.RunAsync(alerts.Create(count), rate, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }
        finally
        {
            await stopProgress.CancelAsync();
            await progress;
        }

        var report = ReportBuilder.Build(new RunDescription(settings.Mode, settings.Url, concurrency, rate), statistics, _clock.GetElapsedTime(started), interrupted);
        if (parse.GetValue(_json))
        {
            output.ReportJson(report);
        }
        else
        {
            output.Report(report);
        }

        return interrupted ? ExitCodes.Interrupted : report.Lost > 0 ? ExitCodes.AlertsLost : ExitCodes.Success;
    }

    private SenderCredentials Credentials(ParseResult parse)
    {
        var authorization = parse.GetValue(_bearer) is { } token ? SenderCredentials.Bearer(token)
            : parse.GetValue(_basic) is { } userColonPassword ? SenderCredentials.Basic(userColonPassword)
            : null;
        var signer = parse.GetValue(_signingSecret) is { } secret ? new StandardWebhookSigner(secret) : null;
        var perClient = ClientSecrets.Parse(parse.GetValue(_clientSecrets) ?? [])
            .ToDictionary(pair => pair.Key, pair => new StandardWebhookSigner(pair.Value), StringComparer.Ordinal);
        return new SenderCredentials(authorization, signer, perClient.Count > 0 ? perClient : null);
    }

    private static string Version =>
        typeof(SendCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";
}
