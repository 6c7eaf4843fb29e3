using System.Text;
using System.Text.Json.Nodes;
using CodatAlerts.Contract;
using CodatAlerts.Testing.Samples;

namespace CodatAlerts.Tests.Contract;

public sealed class AlertClassifierTests
{
    public static TheoryData<string, string> LegacyExamples => Data(CodatSamples.Legacy, "RuleType");

    public static TheoryData<string, string> EventExamples => Data(CodatSamples.Events, "id");

    [Theory]
    [MemberData(nameof(LegacyExamples))]
    public void Every_legacy_example_is_a_legacy_alert_keyed_by_its_AlertId(string sample, string ruleType)
    {
        // Arrange
        var body = CodatSamples.Legacy[sample];
        var alertId = JsonNode.Parse(body)!["AlertId"]!.GetValue<string>();

        // Act
        var ok = AlertClassifier.TryClassify(Encoding.UTF8.GetBytes(body), webhookId: null, out var classification, out _);

        // Assert
        Assert.True(ok);
        Assert.Equal(AlertShape.Legacy, classification!.Shape);
        Assert.Equal(alertId, classification.DedupKey);
        Assert.Equal(DedupKeySource.AlertId, classification.DedupKeySource);
        Assert.Equal(ruleType, classification.RawRuleType);
        Assert.NotNull(classification.Match);
        Assert.Equal(AlertShape.Legacy, classification.Match.RuleType.Shape);
    }

    [Theory]
    [MemberData(nameof(EventExamples))]
    public void Every_event_example_is_an_event_envelope_keyed_by_its_id(string sample, string id)
    {
        // Arrange
        var body = CodatSamples.Events[sample];

        // Act
        var ok = AlertClassifier.TryClassify(Encoding.UTF8.GetBytes(body), webhookId: null, out var classification, out _);

        // Assert
        Assert.True(ok);
        Assert.Equal(AlertShape.Event, classification!.Shape);
        Assert.Equal(id, classification.DedupKey);
        Assert.Equal(DedupKeySource.EventId, classification.DedupKeySource);
        Assert.NotNull(classification.Match);
        Assert.Equal(AlertShape.Event, classification.Match.RuleType.Shape);
    }

    [Theory]
    [InlineData("03-data-sync-completed", "DataSyncCompleted", null)]
    [InlineData("06-push-operation-status-changed", "PushOperationStatusChanged", null)]
    [InlineData("12-rate-limit-reached", "ClientRateLimitReached", null)]
    [InlineData("read-completed", "read.completed", null)]
    [InlineData("invoices-write-successful", "write.successful", "invoices")]
    [InlineData("bankTransactions-write-unsuccessful", "write.unsuccessful", "bankTransactions")]
    [InlineData("company-created", "company.created", null)]
    [InlineData("reports-creditModel-generate-successful", "reports.generate.successful", "creditModel")]
    public void Classify_names_the_canonical_rule_type(string sample, string canonical, string? qualifier)
    {
        // Arrange
        var body = CodatSamples.All.Single(s => s.Key == sample).Value;

        // Act
        AlertClassifier.TryClassify(Encoding.UTF8.GetBytes(body), null, out var classification, out _);

        // Assert
        Assert.Equal(canonical, classification!.RuleTypeName);
        Assert.Equal(qualifier, classification.Match!.Qualifier);
    }

    [Fact]
    public void A_webhook_id_header_is_the_dedup_key_over_the_body_id()
    {
        // Arrange
        var body = CodatSamples.Legacy["10-sync-completed"];

        // Act
        AlertClassifier.TryClassify(Encoding.UTF8.GetBytes(body), " msg_p5jXN8AQM9LWM0D4loKWxJek ", out var classification, out _);

        // Assert
        Assert.Equal("msg_p5jXN8AQM9LWM0D4loKWxJek", classification!.DedupKey);
        Assert.Equal(DedupKeySource.WebhookId, classification.DedupKeySource);
    }

    [Theory]
    [InlineData("""{"ruletype":"Data sync completed","alertid":"a1","data":{}}""", "a1", "DataSyncCompleted")]
    [InlineData("""{"RULETYPE":"data SYNC completed","ALERTID":"a2"}""", "a2", "DataSyncCompleted")]
    [InlineData("""{"companyId":"c","type":"Push Operation Status Changed","alertId":"a3","data":{}}""", "a3", "PushOperationStatusChanged")]
    [InlineData("""{"Id":"e1","EventType":"READ.COMPLETED","Payload":{}}""", "e1", "read.completed")]
    [InlineData("""{"id":"e2","type":"connection.connected","payload":{}}""", "e2", "connection.connected")]
    [InlineData("""{"\u0052uleType":"Sync Failed","AlertId":"a4"}""", "a4", "SyncFailed")]
    public void Property_names_match_without_regard_to_case_or_escaping(string body, string key, string ruleType)
    {
        // Act
        var ok = AlertClassifier.TryClassify(Encoding.UTF8.GetBytes(body), null, out var classification, out var error);

        // Assert
        Assert.True(ok, error?.Detail);
        Assert.Equal(key, classification!.DedupKey);
        Assert.Equal(ruleType, classification.RuleTypeName);
    }

    [Fact]
    public void An_undocumented_rule_type_is_still_an_alert_with_no_match()
    {
        // Arrange
        var body = """{"RuleType":"Something Codat Adds Next Year","AlertId":"a5"}"""u8.ToArray();

        // Act
        var ok = AlertClassifier.TryClassify(body, null, out var classification, out _);

        // Assert
        Assert.True(ok);
        Assert.Null(classification!.Match);
        Assert.Equal("Something Codat Adds Next Year", classification.RuleTypeName);
    }

    [Theory]
    [InlineData("", "Empty body")]
    [InlineData("not json", "Malformed JSON")]
    [InlineData("{\"RuleType\":\"Sync Failed\",", "Malformed JSON")]
    [InlineData("{\"RuleType\":\"Sync Failed\",\"AlertId\":\"a\"} trailing", "Malformed JSON")]
    [InlineData("[1,2]", "Not a JSON object")]
    [InlineData("\"text\"", "Not a JSON object")]
    [InlineData("{\"hello\":\"world\"}", "Not a Codat alert")]
    [InlineData("{\"RuleType\":\"\",\"AlertId\":\"a\"}", "Missing rule type")]
    [InlineData("{\"RuleType\":42,\"AlertId\":\"a\"}", "Missing rule type")]
    [InlineData("{\"RuleType\":\"Sync Failed\"}", "Missing alert id")]
    [InlineData("{\"RuleType\":\"Sync Failed\",\"AlertId\":\" \"}", "Missing alert id")]
    [InlineData("{\"eventType\":\"read.completed\",\"payload\":{}}", "Missing alert id")]
    public void Classify_refuses_what_is_not_an_alert_and_says_why(string body, string title)
    {
        // Act
        var ok = AlertClassifier.TryClassify(Encoding.UTF8.GetBytes(body), null, out var classification, out var error);

        // Assert
        Assert.False(ok);
        Assert.Null(classification);
        Assert.Equal(title, error!.Title);
        Assert.False(string.IsNullOrWhiteSpace(error.Detail));
    }

    [Fact]
    public void The_error_detail_never_quotes_the_body()
    {
        // Arrange
        var body = """{"RuleType":"Sync Failed","AlertId":"a","secret":"s3cr3t-value" oops}"""u8.ToArray();

        // Act
        AlertClassifier.TryClassify(body, null, out _, out var error);

        // Assert
        Assert.DoesNotContain("s3cr3t", error!.Detail, StringComparison.Ordinal);
    }

    private static TheoryData<string, string> Data(IReadOnlyDictionary<string, string> samples, string field)
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, body) in samples)
        {
            data.Add(name, JsonNode.Parse(body)![field]!.GetValue<string>());
        }

        return data;
    }
}
