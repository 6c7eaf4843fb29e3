using System.Net;
using System.Text.Json;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Testing.Azurite;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Moq;

namespace CodatAlerts.IntegrationTests.Processing;

[Collection("Azurite")]
public sealed class ReplayPoisonFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_endpoint_answers_with_the_json_report_of_the_replay()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope("cccccccc-3333-4333-8333-333333333333");
        harness.Dispatcher.Script(envelope.DedupKey, DispatchStep.FailPermanently);
        await harness.EnqueueAsync(envelope);
        await harness.Host.RunUntilIdleAsync();
        var request = new FakeHttpRequest($"https://app.example/api/poison/replay?partition={envelope.Partition}&dryRun=true");

        // Act
        var response = (FakeHttpResponse)await new ReplayPoison(harness.Replayer).Run(request, default);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(response.Text);
        Assert.Equal(1, report.RootElement.GetProperty("matched").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("replayed").GetInt32());
        Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(envelope.Partition, report.RootElement.GetProperty("perPartition")[0].GetProperty("partition").GetInt32());
    }

    [Fact]
    public async Task A_misspelt_filter_is_refused_with_400_before_anything_moves()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var request = new FakeHttpRequest("https://app.example/api/poison/replay?client=abc&dryRun=false");

        // Act
        var response = (FakeHttpResponse)await new ReplayPoison(harness.Replayer).Run(request, default);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("client", JsonDocument.Parse(response.Text).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private sealed class FakeHttpRequest(string url) : HttpRequestData(Mock.Of<FunctionContext>())
    {
        public override Stream Body { get; } = new MemoryStream();

        public override HttpHeadersCollection Headers { get; } = [];

        public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

        public override Uri Url { get; } = new(url);

        public override IEnumerable<System.Security.Claims.ClaimsIdentity> Identities { get; } = [];

        public override string Method => "POST";

        public override HttpResponseData CreateResponse() => new FakeHttpResponse(FunctionContext);
    }

    private sealed class FakeHttpResponse(FunctionContext context) : HttpResponseData(context)
    {
        public override HttpStatusCode StatusCode { get; set; }

        public override HttpHeadersCollection Headers { get; set; } = [];

        public override Stream Body { get; set; } = new MemoryStream();

        public override HttpCookies Cookies { get; } = Mock.Of<HttpCookies>();

        public string Text => System.Text.Encoding.UTF8.GetString(((MemoryStream)Body).ToArray());
    }
}
