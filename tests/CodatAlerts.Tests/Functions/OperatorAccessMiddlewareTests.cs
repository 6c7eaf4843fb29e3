using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using CodatAlerts.Functions.Access;
using CodatAlerts.Operators;
using CodatAlerts.Testing.Fakes;
using CodatAlerts.Testing.Logging;
using CodatAlerts.Tests.Operators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;

namespace CodatAlerts.Tests.Functions;

/// <summary>The middleware in front of every function, driven with Functions types faked by Moq.</summary>
public sealed class OperatorAccessMiddlewareTests : IDisposable
{
    private readonly TestTenant _tenant = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private HttpResponseData? _answered;

    public OperatorAccessMiddlewareTests() =>
        _loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));

    public void Dispose()
    {
        _tenant.Dispose();
        _loggerFactory.Dispose();
    }

    [Theory]
    [InlineData("GetAlertRecord")]
    [InlineData("RerunAlert")]
    [InlineData("SomeFunctionAddedLater")]
    public async Task Refuses_any_http_function_not_listed_public_before_it_starts(string function)
    {
        // Arrange
        var (context, _) = Invocation(function, http: true, "POST", "https://app.example/api/anything");
        var started = 0;

        // Act
        await Middleware(new PlatformSignals(InAzure: true, EasyAuthEnabled: false)).Invoke(context, _ => { started++; return Task.CompletedTask; });

        // Assert
        Assert.Equal(0, started);
        var response = Assert.IsType<TestHttpResponseData>(_answered);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Header("WWW-Authenticate"));
        Assert.Null(context.GetOperator());
    }

    [Theory]
    [InlineData("ReceiveAlert", true)]
    [InlineData("ServeConsole", true)]
    [InlineData("ProcessAlerts", false)]
    [InlineData("SweepHostPoison", false)]
    public async Task Lets_public_and_non_http_functions_through_unchecked(string function, bool http)
    {
        // Arrange
        var (context, _) = Invocation(function, http, "POST", "https://app.example/api/alerts");
        var started = 0;

        // Act
        await Middleware(new PlatformSignals(InAzure: true, EasyAuthEnabled: false)).Invoke(context, _ => { started++; return Task.CompletedTask; });

        // Assert
        Assert.Equal(1, started);
        Assert.Null(_answered);
        Assert.Null(context.GetOperator());
    }

    [Fact]
    public async Task Runs_the_function_for_an_admitted_caller_and_hands_it_the_operator()
    {
        // Arrange
        var (context, request) = Invocation("ListAlertRecords", http: true, "GET", "https://app.example/api/records");
        request.Headers.Add("Authorization", "Bearer " + _tenant.AccessToken(OperatorRoles.Reader));
        OperatorIdentity? seen = null;

        // Act
        await Middleware(new PlatformSignals(InAzure: true, EasyAuthEnabled: false)).Invoke(context, c => { seen = c.GetOperator(); return Task.CompletedTask; });

        // Assert
        Assert.Null(_answered);
        Assert.Equal(OperatorRole.Reader, seen!.Role);
    }

    [Fact]
    public async Task Answers_problem_json_that_never_echoes_the_token_and_logs_without_it()
    {
        // Arrange: a real token, for the wrong audience.
        var token = _tenant.Mint(new TokenSpec { Audience = "api://someone-else", Roles = [OperatorRoles.Operator] });
        var (context, request) = Invocation("RerunAlert", http: true, "POST", "https://app.example/api/records/c/k/rerun");
        request.Headers.Add("Authorization", "Bearer " + token);

        // Act
        await Middleware(new PlatformSignals(InAzure: true, EasyAuthEnabled: false)).Invoke(context, _ => Task.CompletedTask);

        // Assert
        var response = Assert.IsType<TestHttpResponseData>(_answered);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
        var problem = JsonSerializer.Deserialize<JsonElement>(response.ReadBody());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("urn:codat-alerts:problem:operator-unauthenticated", problem.GetProperty("type").GetString());
        Assert.DoesNotContain(token.Split('.')[1], response.ReadBody(), StringComparison.Ordinal);
        var refused = Assert.Single(_logs.Records, r => r.EventId.Id == 700);
        Assert.Contains("token wrong audience", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_logs.Containing(token.Split('.')[1]));
        Assert.Empty(_logs.Containing(token.Split('.')[2]));
    }

    [Fact]
    public async Task Answers_403_for_a_reader_acting()
    {
        // Arrange
        var (context, request) = Invocation("ReplayPoison", http: true, "POST", "https://app.example/api/poison/replay");
        request.Headers.Add("Authorization", "Bearer " + _tenant.AccessToken(OperatorRoles.Reader));

        // Act
        await Middleware(new PlatformSignals(InAzure: true, EasyAuthEnabled: false)).Invoke(context, _ => Task.CompletedTask);

        // Assert
        var response = Assert.IsType<TestHttpResponseData>(_answered);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task Answers_503_with_retry_after_when_sign_in_cannot_be_checked()
    {
        // Arrange
        _tenant.GoOffline();
        var (context, request) = Invocation("ListAlertRecords", http: true, "GET", "https://app.example/api/records");
        request.Headers.Add("Authorization", "Bearer " + _tenant.AccessToken(OperatorRoles.Reader));

        // Act
        await Middleware(new PlatformSignals(InAzure: true, EasyAuthEnabled: false)).Invoke(context, _ => Task.CompletedTask);

        // Assert
        var response = Assert.IsType<TestHttpResponseData>(_answered);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("10", response.Header("Retry-After"));
    }

    [Fact]
    public async Task Me_answers_who_the_caller_is_and_what_the_console_may_offer()
    {
        // Arrange
        var (context, request) = Invocation(nameof(GetOperatorSelf), http: true, "GET", "http://localhost:7071/api/ops/me");
        var middleware = new OperatorAccessMiddleware(
            new OperatorAccessPolicy(Options.Create(new OperatorAccessOptions()), new PlatformSignals(InAzure: false, EasyAuthEnabled: false)),
            _loggerFactory.CreateLogger<OperatorAccessMiddleware>(),
            (_, response) => _answered = response);
        HttpResponseData? me = null;

        // Act
        await middleware.Invoke(context, async c => me = await new GetOperatorSelf().Run(request, c));

        // Assert
        Assert.Null(_answered);
        var body = JsonSerializer.Deserialize<JsonElement>(((TestHttpResponseData)me!).ReadBody());
        Assert.Equal("loopback", body.GetProperty("name").GetString());
        Assert.Equal(OperatorRoles.Operator, body.GetProperty("role").GetString());
        Assert.Equal("loopback", body.GetProperty("method").GetString());
        Assert.True(body.GetProperty("mayReadBodies").GetBoolean());
        Assert.True(body.GetProperty("mayAct").GetBoolean());
        Assert.True(body.GetProperty("local").GetBoolean());
    }

    private OperatorAccessMiddleware Middleware(PlatformSignals platform) => new(
        new OperatorAccessPolicy(TestTenant.Options(), platform, _tenant.Validator()),
        _loggerFactory.CreateLogger<OperatorAccessMiddleware>(),
        (_, response) => _answered = response);

    private static (FunctionContext Context, TestHttpRequestData Request) Invocation(string function, bool http, string method, string url)
    {
        var binding = new Mock<BindingMetadata>();
        binding.SetupGet(b => b.Type).Returns(http ? "httpTrigger" : "queueTrigger");
        binding.SetupGet(b => b.Name).Returns(http ? "request" : "message");
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns(function);
        definition.SetupGet(d => d.InputBindings).Returns(ImmutableDictionary<string, BindingMetadata>.Empty.Add(binding.Object.Name, binding.Object));

        var context = new Mock<FunctionContext>();
        var request = new TestHttpRequestData(context.Object, new MemoryStream(), method, new Uri(url));
        var requestFeature = new Mock<IHttpRequestDataFeature>();
        requestFeature.Setup(f => f.GetHttpRequestDataAsync(It.IsAny<FunctionContext>())).ReturnsAsync(http ? request : null);
        var features = new Mock<IInvocationFeatures>();
        features.Setup(f => f.Get<IHttpRequestDataFeature>()).Returns(requestFeature.Object);

        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.Features).Returns(features.Object);
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object>());
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);
        return (context.Object, request);
    }
}
