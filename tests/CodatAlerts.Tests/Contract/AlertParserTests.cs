using System.Text;
using System.Text.Json.Nodes;
using CodatAlerts.Contract;
using CodatAlerts.Contract.Events;
using CodatAlerts.Contract.Legacy;
using CodatAlerts.Contract.Parsing;
using CodatAlerts.Testing.Samples;

namespace CodatAlerts.Tests.Contract;

/// <summary>How tolerant the parser is, and how precisely it refuses what it cannot read.</summary>
public sealed class AlertParserTests
{
    [Fact]
    public void Every_canonical_rule_type_has_an_alert_type_of_its_own()
    {
        // Arrange
        var ruleTypes = RuleTypes.All;

        // Act
        var alertTypes = ruleTypes.Select(t => AlertContracts.For(t)?.AlertType).ToList();

        // Assert
        Assert.All(alertTypes, Assert.NotNull);
        Assert.Equal(ruleTypes.Count, alertTypes.Distinct().Count());
        Assert.All(alertTypes, t => Assert.True(AlertParser.IsAlertType(t!)));
    }

    [Fact]
    public void A_handler_cannot_name_a_type_no_rule_type_parses_to()
    {
        // Arrange
        Type[] notAlerts = [typeof(CodatEvent<ConnectionPayload>), typeof(ConnectionPayload), typeof(LegacyAlert<string>)];

        // Act
        var accepted = notAlerts.Where(AlertParser.IsAlertType);

        // Assert
        Assert.Empty(accepted);
    }

    [Fact]
    public void Camel_case_top_level_keys_of_the_2023_docs_parse_like_pascal_case()
    {
        // Arrange: the 2023-05 docs wrote camelCase keys, and camelCase names for the PascalCase Data fields.
        const string body = """
            { "clientId": "c1", "companyId": "co1", "ruleType": "Rate Limit Reached", "alertId": "a1", "message": "m",
              "data": { "dailyQuota": 250, "expiresUtc": "2023-05-03T00:00:00Z" } }
            """;

        // Act
        var parsed = Bodies.Parse<LegacyAlert<ClientRateLimitReachedData>>(body);

        // Assert
        Assert.Equal(("c1", "co1", "a1", "m"), (parsed.Alert.ClientId, parsed.Alert.CompanyId, parsed.Alert.AlertId, parsed.Alert.Message));
        Assert.Equal(250, parsed.Alert.Data!.DailyQuota);
        Assert.Equal(new DateTimeOffset(2023, 5, 3, 0, 0, 0, TimeSpan.Zero), parsed.Alert.Data.ExpiresUtc);
    }

    [Fact]
    public void Pascal_case_keys_of_an_event_envelope_parse_like_camel_case()
    {
        // Arrange
        const string body = """
            { "Id": "e1", "EventType": "client.rateLimit.reached", "GeneratedDate": "2024-09-29T20:26:10Z",
              "Payload": { "DailyQuota": 5, "QuotaRemaining": 0, "ExpiryDate": "2024-09-30T00:00:00Z" } }
            """;

        // Act
        var parsed = Bodies.Parse<ClientRateLimitReachedEvent>(body);

        // Assert
        Assert.Equal(("e1", "client.rateLimit.reached"), (parsed.Alert.Id, parsed.Alert.EventType));
        Assert.Equal((5, 0), (parsed.Alert.Payload!.DailyQuota, parsed.Alert.Payload.QuotaRemaining));
    }

    [Fact]
    public void The_2023_Type_key_is_kept_among_the_unknown_fields()
    {
        // Arrange: 2023-07 to 2023-09 docs named the rule type "Type", without parentheses.
        var body = Bodies.Edit(CodatSamples.Legacy["06-push-operation-status-changed"], node =>
        {
            node.Remove("RuleType");
            node["Type"] = "Push Operation Status Changed";
        });

        // Act
        var parsed = Bodies.Parse<LegacyAlert<PushOperationStatusChangedData>>(body);

        // Assert
        Assert.Null(parsed.Alert.RuleType);
        Assert.Equal("Push Operation Status Changed", parsed.Alert.Extra!["Type"].GetString());
        Assert.Equal(RuleTypes.PushOperationStatusChanged, parsed.Match.RuleType);
    }

    [Fact]
    public void Unknown_fields_are_kept_at_every_level()
    {
        // Arrange
        var legacy = Bodies.Edit(CodatSamples.Legacy["03-data-sync-completed"], node =>
        {
            node["Region"] = "eu";
            node["Data"]!["recordCount"] = 42;
        });
        var envelope = Bodies.Edit(CodatSamples.Events["invoices-write-successful"], node =>
        {
            node["schemaVersion"] = 2;
            node["payload"]!["validation"] = new JsonObject { ["warnings"] = new JsonArray() };
            node["payload"]!["referenceCompany"]!["parent"] = "p1";
        });

        // Act
        var dataSync = Bodies.Parse<LegacyAlert<DataSyncCompletedData>>(legacy).Alert;
        var write = Bodies.Parse<WriteSuccessfulEvent>(envelope).Alert;

        // Assert
        Assert.Equal("eu", dataSync.Extra!["Region"].GetString());
        Assert.Equal(42, dataSync.Data!.Extra!["recordCount"].GetInt32());
        Assert.Equal(2, write.Extra!["schemaVersion"].GetInt32());
        Assert.True(write.Payload!.Extra!.ContainsKey("validation"));
        Assert.Equal("p1", write.Payload.ReferenceCompany!.Extra!["parent"].GetString());
    }

    [Fact]
    public void Numbers_sent_as_strings_are_read_as_numbers()
    {
        // Arrange
        var body = Bodies.Edit(CodatSamples.Legacy["13-rate-limit-reset"], node =>
        {
            node["Data"]!["QuotaRemaining"] = "999";
            node["Data"]!["DailyQuota"] = "1000";
        });

        // Act
        var data = Bodies.Parse<LegacyAlert<ClientRateLimitResetData>>(body).Alert.Data!;

        // Assert
        Assert.Equal((999, 1000), (data.QuotaRemaining, data.DailyQuota));
    }

    [Theory]
    [InlineData("2019-08-24T14:15:22Z", "2019-08-24T14:15:22+00:00")]
    [InlineData("2022-09-08T16:00:13.7714779+00:00", "2022-09-08T16:00:13.7714779+00:00")]
    [InlineData("2022-09-08T17:00:13.7714779+01:00", "2022-09-08T17:00:13.7714779+01:00")]
    [InlineData("2020-09-07T08:42:13", "2020-09-07T08:42:13+00:00")]
    public void Dates_parse_with_their_offset_and_a_missing_offset_means_utc(string sent, string expected)
    {
        // Arrange
        var body = Bodies.Edit(CodatSamples.Legacy["08-account-categories-updated"], node => node["Data"]!["modifiedDate"] = sent);
        var expectedDate = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);

        // Act
        var modified = Bodies.Parse<LegacyAlert<AccountCategoriesUpdatedData>>(body).Alert.Data!.ModifiedDate;

        // Assert
        Assert.Equal(expectedDate, modified);
        Assert.Equal(expectedDate.Offset, modified!.Value.Offset);
    }

    [Fact]
    public void Empty_data_and_null_data_both_parse()
    {
        // Arrange: the 2023 docs sent "Data": {} for New company synchronised; the OAS example sends none.
        var empty = Bodies.Edit(CodatSamples.Legacy["02-new-company-synchronised"], node => node["Data"] = new JsonObject());
        var nullData = Bodies.Edit(CodatSamples.Legacy["02-new-company-synchronised"], node => node["Data"] = null);

        // Act
        var fromEmpty = Bodies.Parse<LegacyAlert<NewCompanySynchronizedData>>(empty).Alert;
        var fromNull = Bodies.Parse<LegacyAlert<NewCompanySynchronizedData>>(nullData).Alert;

        // Assert
        Assert.NotNull(fromEmpty.Data);
        Assert.Null(fromEmpty.Data.SourceType);
        Assert.Null(fromNull.Data);
    }

    [Fact]
    public void A_legacy_body_delivered_under_its_deprecated_event_type_name_parses_as_legacy()
    {
        // Arrange: the signed service sends legacy-shaped bodies for the deprecated event types (reference §0.3).
        var body = Bodies.Edit(CodatSamples.Legacy["03-data-sync-completed"], node => node["RuleType"] = "DataSyncCompleted");

        // Act
        var parsed = Bodies.Parse<LegacyAlert<DataSyncCompletedData>>(body);

        // Assert
        Assert.Equal("creditNotes", parsed.Alert.Data!.DataType);
    }

    [Fact]
    public void A_bank_feed_payload_with_only_the_deprecated_company_id_still_names_the_company()
    {
        // Arrange
        var body = Bodies.Edit(CodatSamples.Events["bankFeeds-sourceAccount-connected"], node =>
        {
            node["payload"]!.AsObject().Remove("referenceCompany");
            node["payload"]!["companyId"] = "legacy-company";
        });

        // Act
        var parsed = Bodies.Parse<BankFeedSourceAccountConnectedEvent>(body);

        // Assert
        Assert.Equal("legacy-company", parsed.Facts.CompanyId);
    }

    [Fact]
    public void A_field_of_a_type_that_cannot_be_coerced_is_left_unset_and_kept_raw_with_its_path()
    {
        // Arrange
        var body = Bodies.Edit(CodatSamples.Legacy["12-rate-limit-reached"], node => node["Data"]!["DailyQuota"] = "secret-ish-value");
        var match = new RuleTypeMatch(RuleTypes.ClientRateLimitReached);

        // Act
        var parsed = Assert.IsType<ParsedAlert<LegacyAlert<ClientRateLimitReachedData>>>(
            AlertParser.Parse(match, AlertShape.Legacy, Encoding.UTF8.GetBytes(body)));

        // Assert
        Assert.Null(parsed.Alert.Data!.DailyQuota);
        Assert.NotNull(parsed.Alert.Data.ExpiresUtc);
        var field = Assert.Single(parsed.UnreadableFields);
        Assert.Equal("$.Data.DailyQuota", field.Path);
        Assert.Equal("\"secret-ish-value\"", Encoding.UTF8.GetString(field.RawJson.Span));
        Assert.DoesNotContain("secret-ish-value", field.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"RuleType":"Sync failed","AlertId":"a1","alertid":"a2","Data":{}}""", "AlertId")]
    [InlineData("""{"RuleType":"Sync failed","AlertId":"a1","RULETYPE":"Data sync completed","Data":{}}""", "RuleType")]
    [InlineData("""{"RuleType":"Sync failed","AlertId":"a1","Data":{},"data":{"CompanyId":"x"}}""", "Data")]
    public void A_body_with_an_identifying_key_twice_is_refused_as_the_intake_refuses_it(string body, string key)
    {
        // Arrange: the intake refuses these; one queued by an older build must not be read from the other copy.
        var match = new RuleTypeMatch(RuleTypes.SyncFailed);

        // Act
        var ex = Assert.Throws<AlertFormatException>(() => AlertParser.Parse(match, AlertShape.Legacy, Encoding.UTF8.GetBytes(body)));

        // Assert
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Contains("more than once", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'0', (byte)'0' })]
    public void A_string_the_alert_type_reads_that_is_not_valid_utf8_is_kept_as_its_exact_bytes(byte[] bad)
    {
        // Arrange: the intake accepts such a body (it can be keyed) and keeps its exact bytes; the handler gets them.
        byte[] value = [.. "\"c"u8, .. bad, .. "\""u8];
        byte[] body = [.. """{"RuleType":"Sync failed","AlertId":"a1","CompanyId":"""u8, .. value, .. ",\"Data\":{}}"u8];
        var match = new RuleTypeMatch(RuleTypes.SyncFailed);

        // Act
        var parsed = AlertParser.Parse(match, AlertShape.Legacy, body);

        // Assert
        Assert.Null(parsed.Facts.CompanyId);
        var field = Assert.Single(parsed.UnreadableFields);
        Assert.Equal("$.CompanyId", field.Path);
        Assert.Equal(value, field.RawJson.ToArray());
    }

    [Fact]
    public void An_identifying_value_that_does_not_fit_is_still_refused()
    {
        // Arrange: the intake reads the dedup key as a string; a body where it is not one is not the alert keyed.
        const string body = """{"RuleType":"Sync failed","AlertId":{"id":"a1"},"Data":{}}""";
        var match = new RuleTypeMatch(RuleTypes.SyncFailed);

        // Act
        var ex = Assert.Throws<AlertFormatException>(() => AlertParser.Parse(match, AlertShape.Legacy, Encoding.UTF8.GetBytes(body)));

        // Assert
        Assert.Contains("$.AlertId", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'0', (byte)'0' })]
    [InlineData(new byte[] { 0xFF })]
    public void An_undecodable_property_name_is_kept_or_a_format_error_never_an_unexpected_exception(byte[] bad)
    {
        // Arrange: the intake accepts it (such a name cannot spell an identifying key).
        byte[] body = [.. """{"RuleType":"Sync failed","AlertId":"a1","CompanyId":"c","x"""u8, .. bad, .. "\":1,\"Data\":{}}"u8];
        var match = new RuleTypeMatch(RuleTypes.SyncFailed);

        // Act
        var ex = Record.Exception(() => AlertParser.Parse(match, AlertShape.Legacy, body));

        // Assert
        Assert.True(ex is null or AlertFormatException, ex?.GetType().Name);
    }

    [Fact]
    public void A_string_the_alert_type_does_not_read_may_hold_invalid_utf8_and_the_alert_still_parses()
    {
        // Arrange
        byte[] body = [.. """{"RuleType":"Sync failed","AlertId":"a1","CompanyId":"c","Vendor":"x"""u8, 0xFF, .. "\",\"Data\":{}}"u8];
        var match = new RuleTypeMatch(RuleTypes.SyncFailed);

        // Act
        var parsed = AlertParser.Parse(match, AlertShape.Legacy, body);

        // Assert
        Assert.Equal("c", parsed.Facts.CompanyId);
    }

    [Theory]
    [InlineData("\"Data\": \"not an object\"", "$.Data", "\"not an object\"")]
    [InlineData("\"Data\": [1, 2]", "$.Data", "[1, 2]")]
    [InlineData("\"Data\": { \"modifiedDate\": \"yesterday\" }", "$.Data.modifiedDate", "\"yesterday\"")]
    [InlineData("\"Data\": { \"modifiedDate\": 20190824 }", "$.Data.modifiedDate", "20190824")]
    [InlineData("\"CompanyId\": { \"id\": \"x\" }", "$.CompanyId", "{ \"id\": \"x\" }")]
    public void A_value_that_does_not_fit_the_alert_type_is_kept_raw_under_its_path(string member, string path, string raw)
    {
        // Arrange
        var body = $$"""{ "RuleType": "Account Categories Updated", "AlertId": "a1", {{member}} }""";
        var match = new RuleTypeMatch(RuleTypes.AccountCategoriesUpdated);

        // Act
        var parsed = AlertParser.Parse(match, AlertShape.Legacy, Encoding.UTF8.GetBytes(body));

        // Assert
        var field = Assert.Single(parsed.UnreadableFields);
        Assert.Equal((path, raw), (field.Path, Encoding.UTF8.GetString(field.RawJson.Span)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{ \"RuleType\": ")]
    [InlineData("[]")]
    [InlineData("{} trailing")]
    public void A_body_that_is_not_a_json_object_is_refused(string body)
    {
        // Arrange
        var match = new RuleTypeMatch(RuleTypes.DataSyncCompleted);

        // Act
        var ex = Record.Exception(() => AlertParser.Parse(match, AlertShape.Legacy, Encoding.UTF8.GetBytes(body)));

        // Assert
        Assert.IsType<AlertFormatException>(ex);
    }

    [Fact]
    public void A_payload_that_is_not_an_object_is_kept_raw_and_the_event_still_parses()
    {
        // Arrange
        var body = Bodies.Edit(CodatSamples.Events["read-completed"], node => node["payload"] = "done");
        var match = RuleTypes.Resolve("read.completed")!;

        // Act
        var parsed = Assert.IsType<ParsedAlert<ReadCompletedEvent>>(AlertParser.Parse(match, AlertShape.Event, Encoding.UTF8.GetBytes(body)));

        // Assert
        Assert.Null(parsed.Alert.Payload);
        Assert.NotNull(parsed.Alert.Id);
        Assert.Equal("$.payload", Assert.Single(parsed.UnreadableFields).Path);
    }

    [Fact]
    public void A_literal_null_in_a_list_names_nothing_and_does_not_break_the_facts()
    {
        // Arrange
        var body = Bodies.Edit(CodatSamples.Events["read-completed"], node => node["payload"]!["dataTypes"]!.AsArray().Insert(0, null));

        // Act
        var parsed = Bodies.Parse<ReadCompletedEvent>(body);

        // Assert
        Assert.Null(parsed.Alert.Payload!.DataTypes![0]);
        Assert.NotNull(parsed.Facts.ConnectionId ?? parsed.Facts.DataType ?? parsed.Facts.CompanyId);
    }

    [Fact]
    public void Codats_published_rate_limit_example_with_a_date_that_does_not_parse_reads_everything_else()
    {
        // Arrange: a published example of client.rateLimit.reached carries an expiry that is no ISO 8601 date-time.
        var body = Bodies.Edit(CodatSamples.Events["client-rateLimit-reached"], node => node["payload"]!["expiryDate"] = "2024-09-30 00:00:00 +0000 UTC");
        var match = RuleTypes.Resolve("client.rateLimit.reached")!;

        // Act
        var parsed = Assert.IsType<ParsedAlert<ClientRateLimitReachedEvent>>(AlertParser.Parse(match, AlertShape.Event, Encoding.UTF8.GetBytes(body)));

        // Assert
        Assert.Equal((1000, 0), (parsed.Alert.Payload!.DailyQuota, parsed.Alert.Payload.QuotaRemaining));
        Assert.Null(parsed.Alert.Payload.ExpiryDate);
        Assert.Equal("$.payload.expiryDate", Assert.Single(parsed.UnreadableFields).Path);
    }

    [Fact]
    public void Thousands_of_values_that_do_not_fit_cost_a_bounded_number_of_parses_and_keep_the_rest()
    {
        // Arrange: every data type of a read.completed with a bad connection id; past the single-value budget the
        // whole container is set aside at once.
        var body = Bodies.Edit(CodatSamples.Events["read-completed"], node =>
        {
            var types = new JsonArray();
            for (var i = 0; i < 5_000; i++)
            {
                types.Add(new JsonObject { ["dataType"] = "invoices", ["connectionId"] = new JsonArray(i) });
            }

            node["payload"]!["dataTypes"] = types;
        });
        var match = RuleTypes.Resolve("read.completed")!;

        // Act
        var parsed = Assert.IsType<ParsedAlert<ReadCompletedEvent>>(AlertParser.Parse(match, AlertShape.Event, Encoding.UTF8.GetBytes(body)));

        // Assert
        Assert.InRange(parsed.UnreadableFields.Count, 2, 40);
        Assert.Equal("$.payload.dataTypes", parsed.UnreadableFields[^1].Path);
        Assert.Null(parsed.Alert.Payload!.DataTypes);
        Assert.NotNull(parsed.Alert.Payload.ReferenceCompany);
    }

    [Fact]
    public void An_event_envelope_delivered_for_a_legacy_rule_type_is_refused_as_the_wrong_shape()
    {
        // Arrange
        var body = CodatSamples.Events["read-completed"];
        var match = new RuleTypeMatch(RuleTypes.DataSyncCompleted);

        // Act
        var ex = Assert.Throws<AlertFormatException>(() => AlertParser.Parse(match, AlertShape.Event, Encoding.UTF8.GetBytes(body)));

        // Assert
        Assert.Contains("event envelope", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DataSyncCompleted", ex.Message, StringComparison.Ordinal);
    }
}
