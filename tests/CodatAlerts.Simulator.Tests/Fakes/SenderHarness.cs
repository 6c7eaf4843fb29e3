using CodatAlerts.Simulator.Alerts;
using CodatAlerts.Simulator.Delivery;
using CodatAlerts.Simulator.Reporting;

namespace CodatAlerts.Simulator.Tests.Fakes;

/// <summary>An <see cref="AlertSender"/> wired to a scripted server and a test clock, built the way the CLI builds it.</summary>
internal sealed class SenderHarness : IDisposable
{
    public const string SigningSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly HttpClient _http;
    private readonly RequestSlots _slots = new(4);

    public SenderHarness(ScriptedServer server, DeliveryMode mode, double timeScale = 1, string? authorization = null)
    {
        Settings = new SenderSettings(
            server.Url,
            mode,
            new SenderCredentials(authorization, mode == DeliveryMode.Signed ? new StandardWebhookSigner(SigningSecret) : null),
            new TimeScale(timeScale),
            SendClientIdHeader: true);
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
        Sender = new AlertSender(_http, Settings, _slots, Statistics, Clock);
        Alerts = new AlertFactory(SampleCatalog.All, [ClientIds.Default], duplicateShare: 0, Clock, new Random(7));
    }

    public TestClock Clock { get; } = new();

    public RunStatistics Statistics { get; } = new();

    public SenderSettings Settings { get; }

    public AlertSender Sender { get; }

    public AlertFactory Alerts { get; }

    /// <summary>A fresh alert built from the first legacy sample.</summary>
    public OutgoingAlert NewAlert() => Alerts.Create(1).Single();

    /// <summary>Delivers one alert, advancing the clock through every wait between attempts.</summary>
    public Task<DeliveryResult> DeliverAsync(OutgoingAlert alert) =>
        Clock.RunAsync(Sender.DeliverAsync(alert, CancellationToken.None), notAWait: Settings.AttemptTimeout);

    public Task<DeliveryResult> DeliverAsync() => DeliverAsync(NewAlert());

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }
}
