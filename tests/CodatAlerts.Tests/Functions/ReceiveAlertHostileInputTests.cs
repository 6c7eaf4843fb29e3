using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CodatAlerts.Contract;
using CodatAlerts.Testing.Fakes;
using CodatAlerts.Tests.Fakes;

namespace CodatAlerts.Tests.Functions;

/// <summary>
/// Bodies no honest sender writes, through the function class: each is a 400 of its own problem type (never a 503,
/// which would make the signed sender retry for a day), or accepted byte-exact where it can still be keyed.
/// </summary>
public sealed partial class ReceiveAlertHostileInputTests
{
    private static readonly (string, string) ClientA = ("X-Codat-ClientId", IntakeHost.ClientA);
    private static readonly (string, string) TokenA = ("Authorization", IntakeHost.TokenA);

    public static TheoryData<string, string> MalformedIdentifyingStrings => new()
    {
        { "lone high surrogate escape in AlertId", """{"RuleType":"Data sync completed","AlertId":"\ud800"}""" },
        { "lone low surrogate escape in RuleType", """{"RuleType":"\udc00x","AlertId":"a-1"}""" },
        { "reversed surrogate pair in eventType", """{"id":"e-1","eventType":"\udc00\ud800","payload":{}}""" },
        { "lone surrogate escape in an unused Type", """{"RuleType":"Data sync completed","Type":"\ud83d","AlertId":"a-1"}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedIdentifyingStrings))]
    public async Task A_malformed_escape_in_an_identifying_string_is_a_400_malformed_string(string because, string body)
    {
        // Arrange
        using var host = IntakeHost.WithClientA();

        // Act
        var response = await host.PostAsync(body, ClientA, TokenA);

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, because);
        Assert.Equal(Problem(ClassificationReasons.MalformedString), ProblemOf(response).GetProperty("type").GetString());
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Theory]
    [InlineData("AlertId")]
    [InlineData("RuleType")]
    public async Task Invalid_utf8_inside_an_identifying_string_is_a_400_malformed_string(string field)
    {
        // Arrange: 0xC3 0x28 is an invalid two-byte sequence; 0xFF never occurs in UTF-8.
        using var host = IntakeHost.WithClientA();
        var alertId = field == "AlertId" ? Bytes("a-", 0xC3, 0x28, 0xFF) : Encoding.UTF8.GetBytes("a-1");
        var ruleType = field == "RuleType" ? Bytes("Data sync ", 0xFF) : Encoding.UTF8.GetBytes("Data sync completed");
        byte[] body = [.. "{\"RuleType\":\""u8, .. ruleType, .. "\",\"AlertId\":\""u8, .. alertId, .. "\"}"u8];

        // Act
        var response = await host.PostAsync(body, CancellationToken.None, ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Problem(ClassificationReasons.MalformedString), ProblemOf(response).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Invalid_utf8_and_lone_surrogates_outside_the_identifying_fields_are_accepted_and_kept_byte_exact()
    {
        // Arrange: the alert can be keyed, so refusing it would lose it for good with the legacy sender.
        using var host = IntakeHost.WithClientA();
        byte[] body =
        [
            .. "{\"RuleType\":\"Data sync completed\",\"AlertId\":\"a-1\",\"Message\":\"bad "u8, 0xC3, 0x28, 0xFF,
            .. " \\ud800\",\"Data\":{\"k\":\"\\udc00\"},\"\\ud800name\":1,\""u8, 0xFE, .. "\":2}"u8,
        ];

        // Act
        var response = await host.PostAsync(body, CancellationToken.None, ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(body, Assert.Single(host.Enqueuer.Enqueued).Body);
    }

    [Theory]
    [InlineData("""{"RuleType":"Data sync completed","AlertId":"a-1","alertid":"a-2"}""")]
    [InlineData("""{"RuleType":"Data sync completed","AlertId":"a-1","RULETYPE":"Sync failed"}""")]
    [InlineData("""{"RuleType":"Data sync completed","AlertId":"a-1","Type":"x","type":"y"}""")]
    [InlineData("""{"RuleType":"Data sync completed","AlertId":"a-1","Data":{},"data":{}}""")]
    public async Task A_legacy_identifying_key_sent_twice_is_a_400_duplicate_key(string body)
    {
        // Arrange: the classifier used to take the first value and the parser the last.
        using var host = IntakeHost.WithClientA();

        // Act
        var response = await host.PostAsync(body, ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Problem(ClassificationReasons.DuplicateKey), ProblemOf(response).GetProperty("type").GetString());
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("eventType")]
    [InlineData("payload")]
    public async Task An_event_identifying_key_sent_twice_is_a_400_duplicate_key(string key)
    {
        // Arrange
        using var host = IntakeHost.WithClientA();
        var body = "{\"id\":\"e-1\",\"eventType\":\"read.completed\",\"payload\":{},\"" + key + "\":" + (key == "payload" ? "{}" : "\"other\"") + "}";

        // Act
        var response = await host.PostAsync(body, ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Problem(ClassificationReasons.DuplicateKey), ProblemOf(response).GetProperty("type").GetString());
    }

    public static TheoryData<string, string> OutOfBoundIdentifiers => new()
    {
        { "AlertId one character over the bound", Legacy(alertId: new string('a', AlertIdentifiers.MaxLength + 1)) },
        { "AlertId of a megabyte's worth", Legacy(alertId: new string('7', 60_000)) },
        { "RuleType over the bound", Legacy(ruleType: new string('R', AlertIdentifiers.MaxLength + 1)) },
        { "AlertId with a non-ASCII letter", Legacy(alertId: "a\u212A1") },
        { "AlertId with a control character", Legacy(alertId: "a\\u00011") },
        { "event id over the bound", "{\"id\":\"" + new string('e', 1_000) + "\",\"eventType\":\"read.completed\",\"payload\":{}}" },
        { "eventType over the bound", "{\"id\":\"e-1\",\"eventType\":\"" + new string('x', 300) + ".write.successful\",\"payload\":{}}" },
    };

    [Theory]
    [MemberData(nameof(OutOfBoundIdentifiers))]
    public async Task An_identifying_value_out_of_bounds_is_a_400_invalid_identifier(string because, string body)
    {
        // Arrange
        using var host = IntakeHost.WithClientA();

        // Act
        var response = await host.PostAsync(body, ClientA, TokenA);

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, because);
        Assert.Equal(Problem(ClassificationReasons.InvalidIdentifier), ProblemOf(response).GetProperty("type").GetString());
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task A_webhook_id_header_out_of_bounds_is_a_400_invalid_identifier()
    {
        // Arrange: the header is the dedup key whenever it is present.
        using var host = IntakeHost.WithClientA();

        // Act
        var response = await host.PostAsync(Legacy(), ClientA, TokenA, ("webhook-id", "msg_" + new string('w', 5_000)));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Problem(ClassificationReasons.InvalidIdentifier), ProblemOf(response).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Identifying_values_at_the_bound_after_trimming_are_accepted_trimmed()
    {
        // Arrange
        using var host = IntakeHost.WithClientA();
        var alertId = new string('~', AlertIdentifiers.MaxLength);

        // Act
        var response = await host.PostAsync(Legacy(alertId: "  " + alertId + " "), ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(alertId, Assert.Single(host.Enqueuer.Enqueued).DedupKey);
    }

    [Theory]
    [InlineData("""{"RuleType":"Data sync completed","AlertId":SECRET-TOKEN-1234567890}""")]
    [InlineData("""{"RuleType":"Data sync completed","AlertId":"x"} SECRET-TOKEN-1234567890""")]
    [InlineData("""{"RuleType":"Data sync completed","AlertId":falseSECRET-TOKEN-1234567890}""")]
    [InlineData("""{"RuleType":"Data sync completed",SECRET-TOKEN-1234567890:"x"}""")]
    [InlineData("{\"RuleType\":\"Data sync completed\",\n\"AlertId\":\"x\",\n\"SECRET-TOKEN-1234567890\" 12}")]
    public async Task A_400_for_malformed_json_names_the_position_in_fixed_words_and_never_echoes_the_body(string body)
    {
        // Arrange
        using var host = IntakeHost.WithClientA();

        // Act
        var response = await host.PostAsync(body, ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("SECRET", response.ReadBody(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("TOKEN", response.ReadBody(), StringComparison.OrdinalIgnoreCase);
        var detail = ProblemOf(response).GetProperty("detail").GetString()!;
        Assert.Matches(FixedMalformedWording(), detail);
    }

    [Theory]
    [InlineData(600, 'a', false)]
    [InlineData(100, '\u00e9', false)]
    [InlineData(512, 'a', true)]
    public async Task The_callers_tracestate_travels_only_when_it_is_short_printable_ascii(int length, char c, bool kept)
    {
        // Arrange: the host's span, continued from the caller's W3C headers, is the intake's parent.
        using var host = IntakeHost.WithClientA();
        using var parent = new System.Diagnostics.Activity("host-invocation")
            .SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        parent.TraceStateString = "k=" + new string(c, length - 2);
        parent.Start();

        // Act
        var response = await host.PostAsync(Legacy(), ClientA, TokenA);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var envelope = Assert.Single(host.Enqueuer.Enqueued);
        Assert.Equal(kept ? parent.TraceStateString : null, envelope.TraceState);
        Assert.NotNull(envelope.TraceParent);
    }

    private static string Legacy(string ruleType = "Data sync completed", string alertId = "a-1") =>
        "{\"RuleType\":\"" + ruleType + "\",\"AlertId\":\"" + alertId + "\",\"Data\":{}}";

    private static byte[] Bytes(string prefix, params byte[] tail) => [.. Encoding.UTF8.GetBytes(prefix), .. tail];

    private static string Problem(string reason) => $"urn:codat-alerts:problem:{reason}";

    private static JsonElement ProblemOf(TestHttpResponseData response) =>
        JsonSerializer.Deserialize<JsonElement>(response.ReadBody());

    [GeneratedRegex(@"^The body (is not valid JSON \(line \d+, byte \d+ of that line\)|has content after its JSON object)\.$")]
    private static partial Regex FixedMalformedWording();
}
